import type { Knex } from 'knex';
import type { EventPayloads, EventType } from '../contract/events';
import type { NotificationDraft, StoredNotification } from '../shared/unit-of-work';

export type { NotificationDraft, StoredNotification };

interface NotificationRow {
  id: string;
  user_id: string;
  type: EventType;
  payload: unknown;
  created_at: Date;
  read_at: Date | null;
}

/** Advisory lock key ("vanbanNT" in ASCII) serialising notification ids with commit order. */
export const NOTIFICATION_ORDER_LOCK = '8530220538036899412';

const toStored = (row: NotificationRow): StoredNotification => ({
  id: Number(row.id),
  userId: row.user_id,
  type: row.type,
  payload: row.payload as EventPayloads[EventType],
  createdAt: new Date(row.created_at).toISOString(),
}) as StoredNotification;

export async function insertNotifications<T extends EventType>(
  trx: Knex.Transaction,
  userIds: string[],
  type: T,
  payload: EventPayloads[T],
): Promise<StoredNotification[]> {
  if (userIds.length === 0) return [];
  // Ids come from a sequence, so without this two transactions could commit their ids out of order:
  // a client that saw id 11 and reconnects with `since: 11` would never receive a 10 committed later.
  // The lock is held to commit, making every committed id visible before any larger one is taken.
  await trx.raw('select pg_advisory_xact_lock(?::bigint)', [NOTIFICATION_ORDER_LOCK]);
  const rows: NotificationRow[] = await trx('notifications')
    .insert(userIds.map((userId) => ({ user_id: userId, type, payload: JSON.stringify(payload) })))
    .returning('*');
  return rows.map(toStored);
}

/**
 * Many notifications, each with its own user and payload, in one statement (the rows travel as one
 * JSON parameter, so the statement is the same for ten or ten thousand). Same ordering lock as above.
 */
export async function insertNotificationBatch(trx: Knex.Transaction, drafts: readonly NotificationDraft[]): Promise<StoredNotification[]> {
  if (drafts.length === 0) return [];
  await trx.raw('select pg_advisory_xact_lock(?::bigint)', [NOTIFICATION_ORDER_LOCK]);
  const rows = JSON.stringify(drafts.map((d) => ({ user_id: d.userId, type: d.type, payload: d.payload })));
  const result = await trx.raw(
    `INSERT INTO notifications (user_id, type, payload)
     SELECT r.user_id, r.type, r.payload FROM jsonb_to_recordset(?::jsonb) AS r(user_id uuid, type text, payload jsonb)
     RETURNING id, user_id, type, payload, created_at, read_at`,
    [rows],
  );
  return (result.rows as NotificationRow[]).map(toStored).sort((a, b) => a.id - b.id);
}

export async function listNotificationsSince(db: Knex, userId: string, sinceId: number, limit = 1000): Promise<StoredNotification[]> {
  const rows: NotificationRow[] = await db('notifications').where({ user_id: userId }).andWhere('id', '>', sinceId).orderBy('id').limit(limit);
  return rows.map(toStored);
}

export async function countUnread(db: Knex, userId: string): Promise<number> {
  const [row] = await db('notifications').where({ user_id: userId }).whereNull('read_at').count<{ count: string }[]>({ count: '*' });
  return Number(row.count);
}

export async function markRead(db: Knex, userId: string, upToId: number): Promise<number> {
  return db('notifications').where({ user_id: userId }).andWhere('id', '<=', upToId).whereNull('read_at').update({ read_at: db.fn.now() });
}

/** Unread counts of several users in one query; users with nothing unread are reported as 0. */
export async function countUnreadByUser(db: Knex, userIds: string[]): Promise<Map<string, number>> {
  const counts = new Map(userIds.map((id) => [id, 0]));
  if (userIds.length === 0) return counts;
  const rows = await db('notifications')
    .select('user_id')
    .count<{ user_id: string; count: string }[]>({ count: '*' })
    .whereIn('user_id', userIds)
    .whereNull('read_at')
    .groupBy('user_id');
  for (const row of rows) counts.set(row.user_id, Number(row.count));
  return counts;
}
