import type { Knex } from 'knex';
import type { Role } from '../shared/actor';
import type { SigningCapacity } from '../contract/administration';
import { prepared } from '../db/prepared';

export interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  full_name: string;
  position: string;
  organization_id: string | null;
  unit_id: string | null;
  roles: Role[];
  is_system_admin: boolean;
  signature_image_key: string | null;
  created_at: Date;
  locked_at?: Date | null;
  locked_reason?: string | null;
  must_change_password?: boolean;
  password_changed_at?: Date | null;
  notification_prefs?: Record<string, boolean>;
  /** The head this leader signs on behalf of, and how (KT., TL., TUQ., Q.). */
  signs_for_id?: string | null;
  signing_capacity?: SigningCapacity | null;
}

export const findUserByUsername = (db: Knex, username: string): Promise<UserRow | undefined> =>
  db<UserRow>('users').where({ username }).first();

export const findUsersByIds = (db: Knex, ids: readonly string[]): Promise<UserRow[]> => (ids.length ? db<UserRow>('users').whereIn('id', [...ids]) : Promise.resolve([]));

export const findUserById = (db: Knex, id: string): Promise<UserRow | undefined> => prepared(db<UserRow>('users').where({ id }).first());

export async function insertUser(db: Knex, row: Omit<UserRow, 'created_at' | 'signature_image_key'>): Promise<UserRow> {
  const [inserted] = await db<UserRow>('users').insert(row).returning('*');
  return inserted;
}

export const listUsersOfOrganization = (db: Knex, organizationId: string): Promise<UserRow[]> =>
  db<UserRow>('users').where({ organization_id: organizationId }).orderBy('full_name');

export const countUsers = async (db: Knex): Promise<number> =>
  Number((await db('users').count<{ count: string }[]>({ count: '*' }))[0].count);

export async function updateUserPasswordHash(db: Knex, id: string, hash: string): Promise<void> {
  await db('users').where({ id }).update({ password_hash: hash });
}

export async function usersWithRole(db: Knex, organizationId: string, role: Role): Promise<UserRow[]> {
  return db<UserRow>('users').where({ organization_id: organizationId }).whereRaw('? = ANY(roles)', [role]);
}

export async function userNames(db: Knex, ids: string[]): Promise<Map<string, string>> {
  const rows: { id: string; full_name: string }[] = ids.length ? await db('users').whereIn('id', ids).select('id', 'full_name') : [];
  return new Map(rows.map((u) => [u.id, u.full_name]));
}

export async function setSignatureImageKey(db: Knex, userId: string, key: string): Promise<void> {
  await db('users').where({ id: userId }).update({ signature_image_key: key });
}

/** The clerks of several organisations in one query, by organisation. */
export async function clerksOfOrganizations(db: Knex, organizationIds: readonly string[]): Promise<Map<string, string[]>> {
  const byOrg = new Map<string, string[]>();
  if (organizationIds.length === 0) return byOrg;
  const rows: { id: string; organization_id: string }[] = await db('users')
    .whereRaw(`organization_id IN (SELECT value::uuid FROM jsonb_array_elements_text(?::jsonb))`, [JSON.stringify(organizationIds)])
    .whereRaw('? = ANY(roles)', ['clerk'])
    .orderBy('id')
    .select('id', 'organization_id');
  for (const row of rows) {
    const list = byOrg.get(row.organization_id);
    if (list) list.push(row.id);
    else byOrg.set(row.organization_id, [row.id]);
  }
  return byOrg;
}

export async function searchUsers(db: Knex, organizationId: string, q: string | undefined, limit: number, offset: number): Promise<{ rows: UserRow[]; total: number }> {
  const base = db<UserRow>('users').where({ organization_id: organizationId });
  if (q) base.andWhere((w) => w.whereILike('full_name', `%${q}%`).orWhereILike('username', `%${q}%`).orWhereILike('position', `%${q}%`));
  const [rows, count] = await Promise.all([base.clone().orderBy('full_name').limit(limit).offset(offset), base.clone().count<{ count: string }[]>({ count: '*' })]);
  return { rows, total: Number(count[0].count) };
}
