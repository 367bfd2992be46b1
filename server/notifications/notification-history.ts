import type { Knex } from 'knex';
import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { countUnread } from '../realtime/notifications.repository';
import { AppError } from '../shared/errors';
import type { NotificationPage } from '../search/document-list-view';
import { markAllRead, markOneRead, notificationExists, selectHistoryPage } from './notification-history.repository';

export const historyQuerySchema = z.object({
  cursor: z.string().regex(/^\d{1,18}$/, 'Con trỏ trang không hợp lệ').optional(),
  limit: z.coerce.number().int().min(1, 'Số dòng mỗi trang từ 1 đến 100').max(100, 'Số dòng mỗi trang từ 1 đến 100').default(30),
});

export const notificationPageSchema = z.object({
  items: z.array(z.object({ id: z.number(), type: z.string(), payload: z.record(z.string(), z.unknown()), documentId: z.string().nullable(), createdAt: z.string(), read: z.boolean() })),
  nextCursor: z.string().nullable(),
  unread: z.number(),
});
export const unreadSchema = z.object({ unread: z.number() });

/** The bell's history: the user's own notifications, newest first, with read state per item. */
export async function loadNotificationHistory(db: Knex, actor: Actor, query: z.infer<typeof historyQuerySchema>): Promise<NotificationPage> {
  const rows = await selectHistoryPage(db, actor.userId, query.cursor ? Number(query.cursor) : null, query.limit);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      type: r.type,
      payload: r.payload,
      documentId: typeof r.payload.documentId === 'string' ? r.payload.documentId : null,
      createdAt: new Date(r.created_at).toISOString(),
      read: r.read_at !== null,
    })),
    nextCursor: rows.length > query.limit ? String(page[page.length - 1].id) : null,
    unread: await countUnread(db, actor.userId),
  };
}

export async function readNotification(db: Knex, actor: Actor, id: number): Promise<{ unread: number }> {
  if (!(await notificationExists(db, actor.userId, id))) throw new AppError('NOT_FOUND', 'Không tìm thấy thông báo');
  await markOneRead(db, actor.userId, id);
  return { unread: await countUnread(db, actor.userId) };
}

export async function readAllNotifications(db: Knex, actor: Actor): Promise<{ unread: number }> {
  await markAllRead(db, actor.userId);
  return { unread: await countUnread(db, actor.userId) };
}
