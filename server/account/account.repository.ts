import type { Knex } from 'knex';

export interface ActiveSessionRow {
  id: string;
  created_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export const listLiveSessions = (db: Knex, userId: string): Promise<ActiveSessionRow[]> =>
  db('sessions')
    .select('id', 'created_at', 'expires_at', 'ip', 'user_agent')
    .where({ user_id: userId })
    .whereNull('revoked_at')
    .andWhere('expires_at', '>', new Date())
    .orderBy('created_at', 'desc');

/** Revokes the user's live sessions (except one, when given); returns the ids revoked. */
export async function revokeUserSessions(db: Knex, userId: string, exceptId?: string): Promise<string[]> {
  const q = db('sessions').where({ user_id: userId }).whereNull('revoked_at');
  if (exceptId) q.whereNot({ id: exceptId });
  const rows: { id: string }[] = await q.update({ revoked_at: db.fn.now() }).returning('id');
  return rows.map((r) => r.id);
}

export async function revokeOwnSession(db: Knex, userId: string, sessionId: string): Promise<boolean> {
  return (await db('sessions').where({ id: sessionId, user_id: userId }).whereNull('revoked_at').update({ revoked_at: db.fn.now() })) > 0;
}

export async function setPassword(db: Knex, userId: string, hash: string, mustChange: boolean): Promise<void> {
  await db('users').where({ id: userId }).update({ password_hash: hash, must_change_password: mustChange, password_changed_at: db.fn.now() });
}

export async function setLocked(db: Knex, userId: string, locked: boolean, reason: string | null): Promise<void> {
  await db('users').where({ id: userId }).update(locked ? { locked_at: db.fn.now(), locked_reason: reason } : { locked_at: null, locked_reason: null });
}

export async function setNotificationPrefs(db: Knex, userId: string, prefs: Record<string, boolean>): Promise<void> {
  await db('users').where({ id: userId }).update({ notification_prefs: JSON.stringify(prefs) });
}

export async function updateProfileFields(db: Knex, userId: string, fields: { full_name?: string; position?: string }): Promise<void> {
  if (Object.keys(fields).length) await db('users').where({ id: userId }).update(fields);
}

export async function sessionUser(db: Knex, sessionId: string): Promise<{ user_agent: string | null } | undefined> {
  return db('sessions').select('user_agent').where({ id: sessionId }).first();
}
