import { z } from 'zod';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { parsePart, type ApiRouter } from '../http/api-router';
import { AppError } from '../shared/errors';
import { discardAttachments, readAnnouncementUpload } from './attachment-upload';
import { findAttachment } from './announcements.repository';
import { announcementSchema, postAnnouncement } from './post-announcement';
import { announcementReaders, listAnnouncements, listQuery, loadVisible, presentAnnouncements, readAnnouncement } from './read-announcements';

const idParams = z.object({ id: z.string() });
const view = z.object({ id: z.string(), title: z.string(), body: z.string(), createdAt: z.string(), expiresAt: z.string().nullable(), expired: z.boolean(), mine: z.boolean() }).passthrough();

export function registerAnnouncementRoutes(api: ApiRouter, deps: WorkflowDeps): void {
  api.add({
    method: 'post', path: '/announcements', tag: 'announcements', auth: true,
    multipart: { meta: z.string().describe('JSON: {title, body, unitIds?, expiresAt?}'), files: z.array(z.string()).describe('Tệp đính kèm (tối đa 5)') },
    summary: 'Đăng thông báo nội bộ đến toàn cơ quan hoặc các đơn vị chọn; JSON, hoặc multipart (meta + files) khi có tệp đính kèm',
    responses: { 201: { description: 'Đã đăng', schema: view } },
    handler: async ({ req, session }) => {
      const multipart = (req.headers['content-type'] ?? '').startsWith('multipart/form-data');
      const upload = multipart ? await readAnnouncementUpload(req, deps.db, deps.blobs) : { meta: undefined, files: [] };
      try {
        let raw: unknown = req.body;
        if (multipart) {
          try {
            raw = JSON.parse(upload.meta ?? '');
          } catch {
            throw new AppError('VALIDATION_FAILED', 'Trường meta phải là JSON hợp lệ');
          }
        }
        const input = parsePart(announcementSchema, raw, multipart ? 'meta' : 'body');
        const row = await postAnnouncement(deps, session.actor, input, upload.files);
        return { status: 201, body: (await presentAnnouncements(deps.db, session.actor, [row], deps.now()))[0] };
      } catch (err) {
        await discardAttachments(deps.db, deps.blobs, upload.files.map((f) => f.key)).catch(() => undefined);
        throw err;
      }
    },
  });

  api.add({
    method: 'get', path: '/announcements', tag: 'announcements', auth: true, query: listQuery,
    summary: 'Thông báo nội bộ tôi nhận hoặc đã đăng, có trạng thái đã đọc; phân trang, tìm theo từ khoá',
    responses: { 200: { description: 'Danh sách', schema: z.object({ items: z.array(view), total: z.number(), page: z.number(), pageSize: z.number(), unread: z.number() }) } },
    handler: async ({ session, query }) => ({ body: await listAnnouncements(deps.db, session.actor, query, deps.now()) }),
  });

  api.add({
    method: 'get', path: '/announcements/:id', tag: 'announcements', auth: true, params: idParams,
    summary: 'Một thông báo nội bộ',
    responses: { 200: { description: 'Thông báo', schema: view } },
    handler: async ({ session, params }) => {
      const { row, readAt } = await loadVisible(deps.db, session.actor, params.id);
      return { body: (await presentAnnouncements(deps.db, session.actor, [{ ...row, read_at: readAt ?? null, is_recipient: readAt !== undefined }], deps.now()))[0] };
    },
  });

  api.add({
    method: 'post', path: '/announcements/:id/read', tag: 'announcements', auth: true, params: idParams,
    summary: 'Đánh dấu đã đọc',
    responses: { 204: { description: 'Đã đánh dấu' } },
    handler: async ({ session, params }) => {
      await readAnnouncement(deps.db, session.actor, params.id);
      return { status: 204 };
    },
  });

  api.add({
    method: 'get', path: '/announcements/:id/readers', tag: 'announcements', auth: true, params: idParams,
    summary: 'Người đã đọc / chưa đọc (người đăng, quản trị cơ quan)',
    responses: { 200: { description: 'Người nhận', schema: z.object({ items: z.array(z.object({ userId: z.string(), fullName: z.string(), unit: z.string().nullable(), readAt: z.string().nullable() })) }) } },
    handler: async ({ session, params }) => ({ body: { items: await announcementReaders(deps.db, session.actor, params.id) } }),
  });

  api.add({
    method: 'get', path: '/announcements/:id/attachments/:fileId', tag: 'announcements', auth: true, params: z.object({ id: z.string(), fileId: z.string() }),
    summary: 'Tải tệp đính kèm của thông báo',
    responses: { 200: { description: 'Tệp', files: ['application/octet-stream'] } },
    handler: async ({ session, params, res }) => {
      await loadVisible(deps.db, session.actor, params.id);
      const file = /^[0-9a-f-]{36}$/i.test(params.fileId) ? await findAttachment(deps.db, params.id, params.fileId) : undefined;
      if (!file) throw new AppError('NOT_FOUND', 'Không tìm thấy tệp đính kèm');
      const stream = await deps.blobs.get(file.file_key);
      res.status(200);
      res.setHeader('content-type', file.content_type);
      res.setHeader('content-length', String(file.size));
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('content-disposition', `attachment; filename="${file.file_name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.file_name)}`);
      await new Promise<void>((resolve, reject) => {
        stream.on('error', (err) => (res.headersSent ? (res.destroy(err), resolve()) : reject(err)));
        stream.pipe(res).on('finish', () => resolve());
      });
    },
  });
}
