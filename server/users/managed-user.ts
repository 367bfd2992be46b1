import type { Knex } from 'knex';
import { isUuid } from '../shared/ids';
import { type Actor, requireOrgAdmin } from '../shared/actor';
import { AppError } from '../shared/errors';
import { findUserById, type UserRow } from './users.repository';

/** A user the actor may manage: themself, or anyone in an organisation they administer. Others are "not found". */
export async function loadManagedUser(db: Knex, actor: Actor, userId: string): Promise<UserRow & { organization_id: string }> {
  const user = isUuid(userId) ? await findUserById(db, userId) : undefined;
  const visible = user?.organization_id && (user.id === actor.userId || actor.isSystemAdmin || actor.organizationId === user.organization_id);
  if (!user || !visible) throw new AppError('USER_NOT_FOUND', 'Không tìm thấy tài khoản');
  if (user.id !== actor.userId) requireOrgAdmin(actor, user.organization_id!);
  return user as UserRow & { organization_id: string };
}
