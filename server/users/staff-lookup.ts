import type { Knex } from 'knex';
import { isUuid } from '../shared/ids';
import type { Role } from '../shared/actor';
import { AppError } from '../shared/errors';
import { findUserById, type UserRow } from './users.repository';

/** A colleague in the same organisation holding a role; anyone else is reported as not found. */
export async function findColleagueWithRole(db: Knex, organizationId: string, userId: string, role: Role, label: string): Promise<UserRow> {
  const user = isUuid(userId) ? await findUserById(db, userId) : undefined;
  if (!user || user.organization_id !== organizationId) throw new AppError('USER_NOT_FOUND', `Không tìm thấy ${label} trong cơ quan`);
  if (!user.roles.includes(role)) throw new AppError('VALIDATION_FAILED', `${user.full_name} không phải ${label}`);
  return user;
}

export { usersWithRole } from './users.repository';
