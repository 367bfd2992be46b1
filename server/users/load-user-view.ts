import type { Knex } from 'knex';
import { notFound } from '../shared/errors';
import { findOrganizationById, findUnitById } from '../organizations/organizations.repository';
import { presentUser, type UserView } from './user.presenter';
import { findUserById, type UserRow } from './users.repository';

export async function loadUserView(db: Knex, userOrId: UserRow | string): Promise<UserView> {
  const user = typeof userOrId === 'string' ? await findUserById(db, userOrId) : userOrId;
  if (!user) throw notFound('Không tìm thấy người dùng');
  const org = user.organization_id ? await findOrganizationById(db, user.organization_id) : null;
  const unit = user.unit_id ? await findUnitById(db, user.unit_id) : null;
  const head = user.signs_for_id ? ((await findUserById(db, user.signs_for_id)) ?? null) : null;
  return presentUser(user, org, unit, head);
}
