import { z } from 'zod';
import type { ApiRouter } from '../http/api-router';
import type { Db } from '../db/connect';
import { historyQuerySchema, loadNotificationHistory, notificationPageSchema, readAllNotifications, readNotification, unreadSchema } from './notification-history';

const idParams = z.object({ id: z.coerce.number().int().min(1, 'Mã thông báo không hợp lệ') });

export function registerNotificationRoutes(api: ApiRouter, db: Db): void {
  api.add({
    method: 'get', path: '/notifications', tag: 'notifications', auth: true, query: historyQuerySchema,
    summary: 'Lịch sử thông báo của người dùng (mới nhất trước, phân trang bằng con trỏ)',
    responses: { 200: { description: 'Một trang thông báo', schema: notificationPageSchema } },
    handler: async ({ session, query }) => ({ body: await loadNotificationHistory(db, session.actor, query) }),
  });
  api.add({
    method: 'post', path: '/notifications/read-all', tag: 'notifications', auth: true,
    summary: 'Đánh dấu đã đọc tất cả thông báo',
    responses: { 200: { description: 'Số thông báo chưa đọc còn lại', schema: unreadSchema } },
    handler: async ({ session }) => ({ body: await readAllNotifications(db, session.actor) }),
  });
  api.add({
    method: 'post', path: '/notifications/:id/read', tag: 'notifications', auth: true, params: idParams,
    summary: 'Đánh dấu đã đọc một thông báo',
    responses: { 200: { description: 'Số thông báo chưa đọc còn lại', schema: unreadSchema } },
    handler: async ({ session, params }) => ({ body: await readNotification(db, session.actor, params.id) }),
  });
}
