import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { type Actor, hasRole } from '../shared/actor';
import { AppError, forbidden } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { inTransaction } from '../shared/unit-of-work';
import type { NotificationPublisher } from '../shared/unit-of-work';
import type { RecipientGroupView } from './recipient-group-view';
import {
  deleteGroup, findGroup, insertGroup, listGroupsFor, nameTaken, organizationsByCodes, type RecipientGroupRow, unitsByIds, updateGroup,
} from './recipient-groups.repository';

export const groupSchema = z
  .object({
    name: z.string().trim().min(2, 'Tên nhóm cần ít nhất 2 ký tự').max(200),
    shared: z.boolean().default(false),
    organizations: z.array(z.string().trim().min(1).max(35)).max(1000).default([]),
    units: z.array(z.uuid()).max(200).default([]),
  })
  .refine((g) => g.organizations.length + g.units.length > 0, { message: 'Nhóm cần ít nhất một cơ quan hoặc đơn vị nhận' });
export type GroupInput = z.infer<typeof groupSchema>;

export interface GroupDeps {
  db: Knex;
  publisher: NotificationPublisher;
}

function requireSender(actor: Actor): string {
  if (!actor.organizationId || !(hasRole(actor, 'clerk') || hasRole(actor, 'admin'))) {
    throw forbidden('Chỉ văn thư hoặc quản trị cơ quan được quản lý nhóm gửi nhanh');
  }
  return actor.organizationId;
}

const canEdit = (actor: Actor, g: RecipientGroupRow) => (g.owner_id ? g.owner_id === actor.userId : actor.organizationId === g.organization_id && (hasRole(actor, 'clerk') || hasRole(actor, 'admin')));

export async function presentGroups(db: Knex, actor: Actor, rows: RecipientGroupRow[]): Promise<RecipientGroupView[]> {
  const orgs = new Map((await organizationsByCodes(db, [...new Set(rows.flatMap((r) => r.organization_codes))])).map((o) => [o.code, o]));
  const units = new Map((await unitsByIds(db, [...new Set(rows.flatMap((r) => r.unit_ids))])).map((u) => [u.id, u]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    shared: r.owner_id === null,
    editable: canEdit(actor, r),
    organizations: r.organization_codes.map((code) => ({ code, name: orgs.get(code)?.name ?? code })),
    units: r.unit_ids.flatMap((id) => (units.has(id) ? [{ id, name: units.get(id)!.name, abbreviation: units.get(id)!.abbreviation }] : [])),
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

export async function listRecipientGroups(db: Knex, actor: Actor): Promise<RecipientGroupView[]> {
  if (!actor.organizationId) return [];
  return presentGroups(db, actor, await listGroupsFor(db, actor.organizationId, actor.userId));
}

async function validateMembers(db: Knex, organizationId: string, input: GroupInput): Promise<void> {
  const codes = [...new Set(input.organizations)];
  const found = await organizationsByCodes(db, codes);
  const missing = codes.filter((c) => !found.some((o) => o.code === c));
  if (missing.length) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan có mã ${missing.join(', ')}`);
  if (found.some((o) => o.id === organizationId)) throw new AppError('VALIDATION_FAILED', 'Cơ quan mình không là nơi nhận bên ngoài: hãy chọn các đơn vị nội bộ');
  const units = await unitsByIds(db, [...new Set(input.units)]);
  if (units.length !== new Set(input.units).size || units.some((u) => u.organization_id !== organizationId)) {
    throw new AppError('NOT_FOUND', 'Đơn vị nội bộ không thuộc cơ quan');
  }
}

async function loadEditable(db: Knex, actor: Actor, id: string): Promise<RecipientGroupRow> {
  const group = isUuid(id) ? await findGroup(db, id) : undefined;
  const visible = group && group.organization_id === actor.organizationId && (group.owner_id === null || group.owner_id === actor.userId);
  if (!group || !visible) throw new AppError('NOT_FOUND', 'Không tìm thấy nhóm gửi nhanh');
  if (!canEdit(actor, group)) throw forbidden('Bạn không được sửa nhóm gửi nhanh này');
  return group;
}

/** Creates a group (id absent) or replaces one the actor may edit. */
export async function saveRecipientGroup(deps: GroupDeps, actor: Actor, input: GroupInput, id?: string): Promise<RecipientGroupView> {
  const organizationId = requireSender(actor);
  const existing = id ? await loadEditable(deps.db, actor, id) : null;
  await validateMembers(deps.db, organizationId, input);
  const ownerId = input.shared ? null : actor.userId;
  const row = await inTransaction(deps, async (uow) => {
    if (await nameTaken(uow.trx, organizationId, ownerId, input.name, existing?.id)) {
      throw new AppError('GROUP_NAME_TAKEN', `Đã có nhóm gửi nhanh tên "${input.name}"`);
    }
    const fields = { name: input.name, owner_id: ownerId, organization_codes: [...new Set(input.organizations)], unit_ids: [...new Set(input.units)] };
    const saved = existing ? await updateGroup(uow.trx, existing.id, fields) : await insertGroup(uow.trx, { id: randomUUID(), organization_id: organizationId, created_by: actor.userId, ...fields });
    await uow.audit({
      actorId: actor.userId,
      organizationId,
      action: existing ? 'recipient_group.update' : 'recipient_group.create',
      objectType: 'recipient_group',
      objectId: saved.id,
      summary: `${existing ? 'Sửa' : 'Tạo'} nhóm gửi nhanh ${input.shared ? 'dùng chung' : 'cá nhân'} "${input.name}" (${fields.organization_codes.length} cơ quan, ${fields.unit_ids.length} đơn vị)`,
    });
    return saved;
  });
  return (await presentGroups(deps.db, actor, [row]))[0];
}

export async function removeRecipientGroup(deps: GroupDeps, actor: Actor, id: string): Promise<void> {
  requireSender(actor);
  const group = await loadEditable(deps.db, actor, id);
  await inTransaction(deps, async (uow) => {
    await deleteGroup(uow.trx, group.id);
    await uow.audit({ actorId: actor.userId, organizationId: group.organization_id, action: 'recipient_group.delete', objectType: 'recipient_group', objectId: group.id, summary: `Xoá nhóm gửi nhanh "${group.name}"` });
  });
}
