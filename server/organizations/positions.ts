import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type Actor, requireOrgAdmin } from '../shared/actor';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { findPosition, findPositionByName, insertPosition, updatePosition, type PositionRow } from './catalogues.repository';
import { getVisibleOrganization } from './organization-access';

export const positionInputSchema = z.object({
  name: z.string().trim().min(2, 'Tên chức vụ cần ít nhất 2 ký tự').max(200),
  /** Order in lists: the head first (Chủ tịch 10, Phó Chủ tịch 20…). */
  rank: z.number().int().min(0).max(10_000).default(100),
});
export const positionUpdateSchema = z.object({ name: positionInputSchema.shape.name.optional(), rank: z.number().int().min(0).max(10_000).optional() });

const taken = (name: string) => new AppError('POSITION_TAKEN', `Chức vụ "${name}" đã có trong danh mục`);

/** Adds a position (chức vụ) to an agency's catalogue: its administrator, or the system administrator. */
export async function createPosition(db: Knex, actor: Actor, orgCode: string, input: z.infer<typeof positionInputSchema>): Promise<PositionRow> {
  const org = await getVisibleOrganization(db, orgCode);
  requireOrgAdmin(actor, org.id);
  return db.transaction(async (trx) => {
    if (await findPositionByName(trx, org.id, input.name)) throw taken(input.name);
    const row = await insertPosition(trx, { id: randomUUID(), organization_id: org.id, name: input.name, rank: input.rank });
    await recordAudit(trx, { actorId: actor.userId, organizationId: org.id, action: 'position.create', objectType: 'position', objectId: row.id, summary: `Thêm chức vụ ${row.name}` });
    return row;
  });
}

/** Renames (every holder follows) or reorders a position. */
export async function editPosition(db: Knex, actor: Actor, id: string, input: z.infer<typeof positionUpdateSchema>): Promise<PositionRow> {
  const position = isUuid(id) ? await findPosition(db, id) : undefined;
  if (!position) throw new AppError('NOT_FOUND', 'Không tìm thấy chức vụ');
  requireOrgAdmin(actor, position.organization_id);
  return db.transaction(async (trx) => {
    if (input.name && input.name.toLowerCase() !== position.name.toLowerCase() && (await findPositionByName(trx, position.organization_id, input.name))) throw taken(input.name);
    const holders = await updatePosition(trx, position, input);
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: position.organization_id,
      action: 'position.update',
      objectType: 'position',
      objectId: position.id,
      summary: `Sửa chức vụ ${position.name}${input.name && input.name !== position.name ? ` thành ${input.name} (${holders} tài khoản)` : ''}`,
      data: { before: { name: position.name, rank: position.rank }, after: input },
    });
    return { ...position, ...input } as PositionRow;
  });
}
