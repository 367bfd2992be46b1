import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type Actor, requireSystemAdmin } from '../shared/actor';
import { AppError } from '../shared/errors';
import { organizationCodeSchema } from './create-organization';
import { LEVELS, type OrgLevel, levelNames, mayNestUnder } from './org-code';
import { listChildren, listDescendants, lockOrganizationByCode, updateOrganization, type OrganizationRow } from './organizations.repository';

export const moveOrganizationSchema = z.object({
  /** The new parent; null makes it a root (a ministry, a province). */
  parentCode: organizationCodeSchema.nullable(),
  /** A new level, when the move changes it (rarely: a district-level town becoming a commune-level ward). */
  level: z.enum(LEVELS).optional(),
});
export type MoveOrganizationInput = z.infer<typeof moveOrganizationSchema>;

export const moveChildrenSchema = z.object({ parentCode: organizationCodeSchema });

const merged = (org: OrganizationRow) =>
  new AppError('ORG_MERGED', `Cơ quan ${org.name} (${org.code}) đã được sáp nhập, không thể đặt vào cây nữa`);

async function lockLiving(trx: Knex.Transaction, code: string, what: string): Promise<OrganizationRow> {
  const org = await lockOrganizationByCode(trx, code);
  if (!org) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy ${what} có mã ${code}`);
  if (org.merged_into_id) throw merged(org);
  return org;
}

/**
 * The level rules of the tree (org-code.ts `mayNestUnder`), checked on both sides of the moved node:
 * under its new parent, and above its own children when its level changes. The hierarchy lives in
 * parent links only (domain.md §1), so nothing is recoded.
 */
export async function placeUnder(trx: Knex.Transaction, org: OrganizationRow, parent: OrganizationRow | null, level: OrgLevel): Promise<void> {
  if (parent) {
    if (parent.id === org.id || (await listDescendants(trx, org.id)).some((d) => d.id === parent.id)) {
      throw new AppError('INVALID_TREE_MOVE', `Không thể đặt ${org.name} dưới chính nó hoặc dưới một cơ quan trực thuộc nó`);
    }
    if (!mayNestUnder(level, parent.level)) {
      throw new AppError('INVALID_LEVEL_ORDER', `Cơ quan cấp ${levelNames[level]} không thể trực thuộc cơ quan cấp ${levelNames[parent.level]}`);
    }
  }
  if (level !== org.level) {
    const blocking = (await listChildren(trx, org.id)).find((c) => !c.merged_into_id && !mayNestUnder(c.level, level));
    if (blocking) {
      throw new AppError('INVALID_LEVEL_ORDER', `${blocking.name} (cấp ${levelNames[blocking.level]}) không thể trực thuộc cơ quan cấp ${levelNames[level]}: hãy chuyển các cơ quan trực thuộc trước`);
    }
  }
  await updateOrganization(trx, org.id, { parent_id: parent?.id ?? null, level });
}

/** Moves one organisation under another parent (system administrator). */
export async function moveOrganization(db: Knex, actor: Actor, code: string, input: MoveOrganizationInput): Promise<OrganizationRow> {
  requireSystemAdmin(actor);
  return db.transaction(async (trx) => {
    const org = await lockLiving(trx, code, 'cơ quan');
    const parent = input.parentCode ? await lockLiving(trx, input.parentCode, 'cơ quan cấp trên') : null;
    const level = input.level ?? org.level;
    const before = { parentId: org.parent_id, level: org.level };
    await placeUnder(trx, org, parent, level);
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: org.id,
      action: 'organization.move',
      objectType: 'organization',
      objectId: org.id,
      summary: `Chuyển ${org.name} (${org.code}) về trực thuộc ${parent ? `${parent.name} (${parent.code})` : 'cấp cao nhất'}`,
      data: { before, after: { parentCode: parent?.code ?? null, level } },
    });
    return { ...org, parent_id: parent?.id ?? null, level };
  });
}

/**
 * The 2025 two-level reform in one step: every organisation directly under `code` (the communes of
 * an abolished district) moves under the new parent (the province). All or nothing.
 */
export async function moveChildren(db: Knex, actor: Actor, code: string, parentCode: string): Promise<{ moved: string[] }> {
  requireSystemAdmin(actor);
  return db.transaction(async (trx) => {
    const from = await lockLiving(trx, code, 'cơ quan');
    const parent = await lockLiving(trx, parentCode, 'cơ quan cấp trên');
    const children = (await listChildren(trx, from.id)).filter((c) => !c.merged_into_id);
    if (children.length === 0) throw new AppError('VALIDATION_FAILED', `${from.name} không còn cơ quan trực thuộc nào để chuyển`);
    for (const child of children) await placeUnder(trx, child, parent, child.level);
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: from.id,
      action: 'organization.move_children',
      objectType: 'organization',
      objectId: from.id,
      summary: `Chuyển ${children.length} cơ quan trực thuộc ${from.name} về ${parent.name} (${parent.code})`,
      data: { from: from.code, to: parent.code, moved: children.map((c) => c.code) },
    });
    return { moved: children.map((c) => c.code) };
  });
}
