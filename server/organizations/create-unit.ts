import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type Actor, requireOrgAdmin } from '../shared/actor';
import { AppError } from '../shared/errors';
import { findUnitByAbbreviation, insertUnit, type UnitRow } from './organizations.repository';
import { getVisibleOrganization } from './organization-access';

export const createUnitSchema = z.object({
  name: z.string().trim().min(2).max(300),
  abbreviation: z.string().trim().min(1).max(30).regex(/^[\p{Lu}0-9Đ]+$/u, 'Chữ viết tắt chỉ gồm chữ in hoa và số'),
});
export type CreateUnitInput = z.infer<typeof createUnitSchema>;

export async function insertValidatedUnit(trx: Knex.Transaction, organizationId: string, input: CreateUnitInput): Promise<UnitRow> {
  if (await findUnitByAbbreviation(trx, organizationId, input.abbreviation)) {
    throw new AppError('UNIT_ABBREVIATION_TAKEN', `Đơn vị viết tắt ${input.abbreviation} đã có trong cơ quan`);
  }
  return insertUnit(trx, { id: randomUUID(), organization_id: organizationId, ...input });
}

export async function createUnit(db: Knex, actor: Actor, orgCode: string, input: CreateUnitInput): Promise<UnitRow> {
  const org = await getVisibleOrganization(db, orgCode);
  requireOrgAdmin(actor, org.id);
  return db.transaction(async (trx) => {
    const unit = await insertValidatedUnit(trx, org.id, input);
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: org.id,
      action: 'unit.create',
      objectType: 'unit',
      objectId: unit.id,
      summary: `Tạo đơn vị ${unit.name} (${unit.abbreviation}) thuộc ${org.name}`,
    });
    return unit;
  });
}
