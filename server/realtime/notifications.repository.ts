import type { Knex } from 'knex';
import type { EventPayloads, EventType, PushedEvent } from './events';

interface NotificationRow {
  id: string;
  user_id: string;
  type: EventType;
  payload: unknown;
  created_at: Date;
  read_at: Date | null;
}

export interface StoredNotification extends PushedEvent {
  userId: string;
}

const toStored = (row: NotificationRow): StoredNotification => ({
  id: Number(row.id),
  userId: row.user_id,
  type: row.type,
  payload: row.payload as EventPayloads[EventType],
  createdAt: new Date(row.created_at).toISOString(),
});

export async function insertNotifications<T extends EventType>(
  trx: Knex.Transaction,
  userIds: string[],
  type: T,
  payload: EventPayloads[T],
): Promise<StoredNotification[]> {
  if (userIds.length === 0) return [];
  const rows: NotificationRow[] = await trx('notifications')
    .insert(userIds.map((userId) => ({ user_id: userId, type, payload: JSON.stringify(payload) })))
    .returning('*');
  return rows.map(toStored);
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
