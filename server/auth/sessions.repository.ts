import type { Knex } from 'knex';

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

export const findSessionByTokenHash = (db: Knex, tokenHash: string): Promise<SessionRow | undefined> =>
  db<SessionRow>('sessions').where({ token_hash: tokenHash }).first();

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
