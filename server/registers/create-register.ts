import { z } from 'zod';
import { type Actor, requireOrgAdmin } from '../shared/actor';
import { docTypeSchema } from '../contract/codes';
import { AppError } from '../shared/errors';
import { inTransaction, type TransactionDeps } from '../shared/unit-of-work';
import { ensureDefaultRegisters } from './default-registers';
import { insertRegisterIfMissing, listRegisters, type RegisterRow } from './registers.repository';

export const createRegisterSchema = z.object({
  kind: z.enum(['incoming', 'outgoing']),
  code: z.string().trim().regex(/^[a-z0-9-]{2,40}$/, 'Mã sổ gồm chữ thường, số, gạch nối'),
  name: z.string().trim().min(3).max(200),
  secret: z.boolean().default(false),
  docTypes: z.array(docTypeSchema).min(1, 'Sổ riêng phải nêu loại văn bản nó nhận'),
  yearInSymbol: z.boolean().default(false),
});

/** An extra register set by the head of the agency, e.g. one for legal normative documents (with the year in the symbol). */
export async function createRegister(deps: TransactionDeps, actor: Actor, input: z.infer<typeof createRegisterSchema>): Promise<RegisterRow> {
  const orgId = actor.organizationId;
  if (!orgId) throw new AppError('FORBIDDEN', 'Sổ văn bản thuộc về một cơ quan');
  requireOrgAdmin(actor, orgId);
  await ensureDefaultRegisters(deps.db, orgId);
  return inTransaction(deps, async (uow) => {
    if ((await listRegisters(uow.trx, orgId)).some((r) => r.code === input.code)) throw new AppError('VALIDATION_FAILED', `Đã có sổ mã ${input.code}`);
    await insertRegisterIfMissing(uow.trx, { organization_id: orgId, kind: input.kind, code: input.code, name: input.name, secret: input.secret, doc_types: input.docTypes, year_in_symbol: input.yearInSymbol });
    const created = (await listRegisters(uow.trx, orgId)).find((r) => r.code === input.code)!;
    await uow.audit({ actorId: actor.userId, organizationId: orgId, action: 'register.create', objectType: 'register', objectId: created.id, summary: `Lập sổ ${input.name}`, data: { docTypes: input.docTypes } });
    return created;
  });
}
