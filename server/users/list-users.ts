import type { Knex } from 'knex';
import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { AppError, forbidden } from '../shared/errors';
import { findOrganizationByCode, listUnits } from '../organizations/organizations.repository';
import { presentUser, type UserView } from './user.presenter';
import { findUsersByIds, searchUsers } from './users.repository';

export const listUsersQuery = z.object({
  org: z.string().trim().min(1).max(35),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** The administrator's list of an agency's accounts: searchable by name, username or position, paged. */
export async function listUsersForAdmin(db: Knex, actor: Actor, query: z.infer<typeof listUsersQuery>): Promise<{ items: UserView[]; total: number; page: number; pageSize: number }> {
  const org = await findOrganizationByCode(db, query.org);
  if (!org) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan có mã ${query.org}`);
  if (!actor.isSystemAdmin && !(actor.organizationId === org.id && actor.roles.includes('admin'))) throw forbidden('Chỉ quản trị của cơ quan này được xem danh sách tài khoản');
  const units = new Map((await listUnits(db, org.id)).map((u) => [u.id, u]));
  const { rows, total } = await searchUsers(db, org.id, query.q, query.pageSize, (query.page - 1) * query.pageSize);
  const heads = new Map((await findUsersByIds(db, [...new Set(rows.flatMap((u) => (u.signs_for_id ? [u.signs_for_id] : [])))])).map((h) => [h.id, h]));
  return {
    items: rows.map((u) => presentUser(u, org, u.unit_id ? units.get(u.unit_id) : null, u.signs_for_id ? heads.get(u.signs_for_id) ?? null : null)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
