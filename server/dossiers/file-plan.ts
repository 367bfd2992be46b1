import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { type Actor, requireRole } from '../shared/actor';
import { AppError } from '../shared/errors';
import { inTransaction, type TransactionDeps } from '../shared/unit-of-work';
import { findUserById } from '../users/users.repository';
import type { filePlanItemSchema } from './dossier-contract';
import { findFilePlanItem, insertFilePlanItem, listFilePlan } from './file-plan.repository';
import type { Knex } from 'knex';

/** A line of the agency's yearly file plan (danh mục hồ sơ); the clerk (who keeps the archive) or a leader maintains it. */
export async function addFilePlanItem(deps: TransactionDeps, actor: Actor, input: z.infer<typeof filePlanItemSchema>) {
  requireRole(actor, 'clerk', 'leader', 'admin');
  const orgId = actor.organizationId;
  if (!orgId) throw new AppError('FORBIDDEN', 'Danh mục hồ sơ thuộc về một cơ quan');
  if (await findFilePlanItem(deps.db, orgId, input.year, input.code)) throw new AppError('FILE_PLAN_CODE_TAKEN', `Danh mục hồ sơ năm ${input.year} đã có mã ${input.code}`);
  const responsible = input.responsibleUserId ? await findUserById(deps.db, input.responsibleUserId) : undefined;
  if (input.responsibleUserId && (!responsible || responsible.organization_id !== orgId)) throw new AppError('USER_NOT_FOUND', 'Người chịu trách nhiệm không thuộc cơ quan');
  return inTransaction(deps, async (uow) => {
    const item = await insertFilePlanItem(uow.trx, { id: randomUUID(), organization_id: orgId, year: input.year, code: input.code, title: input.title, retention_years: input.retentionYears, responsible_user_id: responsible?.id ?? null, unit_id: responsible?.unit_id ?? null });
    await uow.audit({ actorId: actor.userId, organizationId: orgId, action: 'file_plan.add', objectType: 'file_plan', objectId: item.id, summary: `Danh mục hồ sơ ${input.year}: ${input.code} — ${input.title} (${input.retentionYears ? `${input.retentionYears} năm` : 'vĩnh viễn'})`, data: input });
    return item;
  });
}

export async function filePlanOf(db: Knex, actor: Actor, year: number) {
  if (!actor.organizationId) throw new AppError('FORBIDDEN', 'Danh mục hồ sơ thuộc về một cơ quan');
  const rows = await listFilePlan(db, actor.organizationId, year);
  return rows.map((r) => ({ id: r.id, year: r.year, code: r.code, title: r.title, retention: r.retention_years ? `${r.retention_years} năm` : 'Vĩnh viễn', retentionYears: r.retention_years, responsible: r.responsible_name ?? null, dossierCount: Number(r.dossier_count) }));
}
