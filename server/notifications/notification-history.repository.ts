import type { Knex } from 'knex';

export interface HistoryRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

/** Newest first, keyset on the id (ids only grow, so new notifications never shift older pages). */
export function selectHistoryPage(db: Knex, userId: string, beforeId: number | null, limit: number): Promise<HistoryRow[]> {
  const qb = db('notifications').where({ user_id: userId });
  if (beforeId !== null) qb.andWhere('id', '<', beforeId);
  return qb.orderBy('id', 'desc').limit(limit + 1).select('id', 'type', 'payload', 'created_at', 'read_at');
}

export const markOneRead = (db: Knex, userId: string, id: number): Promise<number> =>
  db('notifications').where({ user_id: userId, id }).whereNull('read_at').update({ read_at: db.fn.now() });

export const markAllRead = (db: Knex, userId: string): Promise<number> =>
  db('notifications').where({ user_id: userId }).whereNull('read_at').update({ read_at: db.fn.now() });

export const notificationExists = async (db: Knex, userId: string, id: number): Promise<boolean> =>
  Boolean(await db('notifications').where({ user_id: userId, id }).first('id'));
