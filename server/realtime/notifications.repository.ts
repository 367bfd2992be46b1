import type { Knex } from 'knex';
import type { EventPayloads, EventType } from '../contract/events';
import type { NotificationDraft, StoredNotification } from '../shared/unit-of-work';
import { prepared, PREPARE_OPTION } from '../db/prepared';

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
  return insertNotificationBatch(trx, userIds.map((userId) => ({ userId, type, payload }) as NotificationDraft));
}

/**
 * Many notifications, each with its own user and payload, in one statement (the rows travel as one
 * JSON parameter, so the statement is the same for ten or ten thousand).
 *
 * Ids come from a sequence, so without the ordering lock two transactions could commit their ids out
 * of order: a client that saw id 11 and reconnects with `since: 11` would never receive a 10
 * committed later. The lock is held to commit, making every committed id visible before any larger
 * one is taken. It is taken in the same statement: every row to insert is joined with the lock's
 * one row, so none reaches the insert (and its sequence value) before the lock is held.
 */
export async function insertNotificationBatch(trx: Knex.Transaction, drafts: readonly NotificationDraft[]): Promise<StoredNotification[]> {
  if (drafts.length === 0) return [];
  const rows = JSON.stringify(drafts.map((d) => ({ user_id: d.userId, type: d.type, payload: d.payload })));
  const result = await prepared(trx.raw(
    `WITH ordered AS MATERIALIZED (SELECT pg_advisory_xact_lock(?::bigint) AS locked)
     INSERT INTO notifications (user_id, type, payload)
     SELECT (e.r->>'user_id')::uuid, e.r->>'type', e.r->'payload' FROM ordered CROSS JOIN jsonb_array_elements(?::jsonb) WITH ORDINALITY AS e(r, ord)
      ORDER BY e.ord
     RETURNING id, user_id, type, payload, created_at, read_at`,
    [NOTIFICATION_ORDER_LOCK, rows],
  ));
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
    .whereRaw('user_id = ANY(?::uuid[])', [userIds])
    .whereNull('read_at')
    .groupBy('user_id')
    .options(PREPARE_OPTION);
  for (const row of rows) counts.set(row.user_id, Number(row.count));
  return counts;
}
