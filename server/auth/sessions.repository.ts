import type { Knex } from 'knex';
import type { UserRow } from '../users/users.repository';
import { prepared } from '../db/prepared';

export interface SessionRow {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

export async function insertSession(db: Knex, row: Omit<SessionRow, 'created_at' | 'revoked_at'>): Promise<void> {
  await db('sessions').insert(row);
}

/** What authenticating a request needs: the session and its user (absent when the account is gone), in one round trip. */
export interface SessionWithUser extends SessionRow {
  user: Pick<UserRow, 'id' | 'username' | 'organization_id' | 'roles' | 'is_system_admin' | 'locked_at' | 'must_change_password'> | null;
}

export async function findSessionWithUser(db: Knex, tokenHash: string): Promise<SessionWithUser | undefined> {
  const row = await prepared(
    db('sessions as s')
      .leftJoin('users as u', 'u.id', 's.user_id')
      .where('s.token_hash', tokenHash)
      .first(
        's.id', 's.token_hash', 's.user_id', 's.created_at', 's.expires_at', 's.revoked_at',
        'u.id as user__id', 'u.username as user__username', 'u.organization_id as user__organization_id', 'u.roles as user__roles',
        'u.is_system_admin as user__is_system_admin', 'u.locked_at as user__locked_at', 'u.must_change_password as user__must_change_password',
      ),
  );
  if (!row) return undefined;
  const { user__id, user__username, user__organization_id, user__roles, user__is_system_admin, user__locked_at, user__must_change_password, ...session } = row;
  const user = user__id
    ? { id: user__id, username: user__username, organization_id: user__organization_id, roles: user__roles, is_system_admin: user__is_system_admin, locked_at: user__locked_at, must_change_password: user__must_change_password }
    : null;
  return { ...(session as SessionRow), user };
}

export async function revokeSession(db: Knex, id: string): Promise<void> {
  await db('sessions').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
}

export async function recordLoginFailure(db: Knex, username: string, ip: string): Promise<void> {
  await db('login_failures').insert({ username, ip });
}

export async function countRecentFailures(db: Knex, since: Date, by: { username?: string; ip?: string }): Promise<number> {
  const row = await db('login_failures').where('at', '>=', since).andWhere(by).count<{ count: string }[]>({ count: '*' });
  return Number(row[0].count);
}

export async function clearLoginFailures(db: Knex, username: string): Promise<void> {
  await db('login_failures').where({ username }).delete();
}

/** Of the given sessions, those still usable (not revoked, not expired). */
export async function liveSessionIds(db: Knex, ids: string[]): Promise<Set<string>> {
  const rows: { id: string }[] = await db('sessions').select('id').whereIn('id', ids).whereNull('revoked_at').andWhere('expires_at', '>', new Date());
  return new Set(rows.map((r) => r.id));
}

/** Records where a new session signed in from (shown in the account's session list). */
export async function tagSession(db: Knex, tokenHash: string, ip: string, userAgent: string | null): Promise<void> {
  await db('sessions').where({ token_hash: tokenHash }).update({ ip: ip.slice(0, 64), user_agent: userAgent?.slice(0, 300) ?? null });
}
