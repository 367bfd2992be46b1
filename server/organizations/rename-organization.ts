import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type Actor, requireOrgAdmin, requireSystemAdmin } from '../shared/actor';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { createUnitSchema } from './create-unit';
import { addCodeHistory, findUnitByAbbreviation, findUnitById, lockOrganizationByCode, updateOrganization, updateUnit, type OrganizationRow, type UnitRow } from './organizations.repository';

const abbreviation = z.string().trim().min(1).max(30).regex(/^[\p{Lu}0-9Đ-]+$/u, 'Chữ viết tắt chỉ gồm chữ in hoa, số và gạch nối');
export const renameOrganizationSchema = z
  .object({ name: z.string().trim().min(2, 'Tên cần ít nhất 2 ký tự').max(300).optional(), abbreviation: abbreviation.optional() })
  .refine((v) => v.name !== undefined || v.abbreviation !== undefined, { message: 'Cần tên mới hoặc chữ viết tắt mới' });
export const renameUnitSchema = createUnitSchema.partial().refine((v) => v.name !== undefined || v.abbreviation !== undefined, { message: 'Cần tên mới hoặc chữ viết tắt mới' });

/**
 * The system administrator renames an agency (name, and the abbreviation its document symbols
 * carry). The former name and abbreviation go into the history merges keep: documents printed under
 * the old name still lead to the agency. Documents already numbered keep their symbol.
 */
export async function renameOrganization(db: Knex, actor: Actor, code: string, input: z.infer<typeof renameOrganizationSchema>): Promise<OrganizationRow> {
  requireSystemAdmin(actor);
  return db.transaction(async (trx) => {
    const org = await lockOrganizationByCode(trx, code);
    if (!org) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan có mã ${code}`);
    if (org.merged_into_id) throw new AppError('ORG_MERGED', `Cơ quan ${org.name} (${org.code}) đã được sáp nhập: không đổi tên được`);
    const changes = {
      ...(input.name !== undefined && input.name !== org.name ? { name: input.name } : {}),
      ...(input.abbreviation !== undefined && input.abbreviation !== org.abbreviation ? { abbreviation: input.abbreviation } : {}),
    };
    if (!changes.name && !changes.abbreviation) return org;
    await updateOrganization(trx, org.id, changes);
    await addCodeHistory(trx, { organization_id: org.id, code: org.code, name: org.name, abbreviation: org.abbreviation, reason: 'renamed' });
    const after = { ...org, ...changes };
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: org.id,
      action: 'organization.rename',
      objectType: 'organization',
      objectId: org.id,
      summary: `Đổi tên ${org.name} (${org.abbreviation}) thành ${after.name} (${after.abbreviation}), mã ${org.code}`,
      data: { before: { name: org.name, abbreviation: org.abbreviation }, after: { name: after.name, abbreviation: after.abbreviation } },
    });
    return after;
  });
}

/** The agency administrator renames one of their units (name, abbreviation: the drafting unit in a công văn's symbol). */
export async function renameUnit(db: Knex, actor: Actor, id: string, input: z.infer<typeof renameUnitSchema>): Promise<UnitRow> {
  const unit = isUuid(id) ? await findUnitById(db, id) : undefined;
  if (!unit) throw new AppError('NOT_FOUND', 'Không tìm thấy đơn vị');
  requireOrgAdmin(actor, unit.organization_id);
  return db.transaction(async (trx) => {
    if (input.abbreviation && input.abbreviation !== unit.abbreviation && (await findUnitByAbbreviation(trx, unit.organization_id, input.abbreviation))) {
      throw new AppError('UNIT_ABBREVIATION_TAKEN', `Đơn vị viết tắt ${input.abbreviation} đã có trong cơ quan`);
    }
    const after = await updateUnit(trx, unit.id, { name: input.name ?? unit.name, abbreviation: input.abbreviation ?? unit.abbreviation });
    if (after.name === unit.name && after.abbreviation === unit.abbreviation) return after;
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: unit.organization_id,
      action: 'unit.update',
      objectType: 'unit',
      objectId: unit.id,
      summary: `Đổi tên đơn vị ${unit.name} (${unit.abbreviation}) thành ${after.name} (${after.abbreviation})`,
      data: { before: { name: unit.name, abbreviation: unit.abbreviation }, after: { name: after.name, abbreviation: after.abbreviation } },
    });
    return after;
  });
}
