import { z } from 'zod';
import type { ApiRouter } from '../http/api-router';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { bookmarkDocument, bookmarkSchema, bookmarkViewSchema, getBookmark, unbookmarkDocument } from './bookmark-document';
import { exportDocumentList, exportQuerySchema } from './export-document-list';
import { listDocuments, listQuerySchema } from './list-documents';

const part = z.object({ text: z.string(), hit: z.boolean() });
const listPageSchema = z.object({
  items: z.array(
    z.looseObject({
      id: z.string(),
      book: z.enum(['incoming', 'outgoing', 'drafts']),
      symbol: z.string().nullable(),
      subject: z.string(),
      date: z.string(),
      starred: z.boolean(),
      highlight: z.object({ subject: z.array(part), passage: z.array(part) }).optional(),
    }),
  ),
  nextCursor: z.string().nullable(),
  relevanceWindow: z.number().int().optional(),
});
const idParams = z.object({ id: z.string().min(1).max(64) });

/** Lists, search, export and bookmarks. Registered before /documents/:id so `export` is not taken for an id. */
export function registerSearchRoutes(api: ApiRouter, deps: WorkflowDeps): void {
  api.add({
    method: 'get', path: '/documents', tag: 'search', auth: true, query: listQuerySchema,
    summary: 'Danh sách văn bản (đến, đi, dự thảo, tất cả, đánh dấu) có bộ lọc, tìm kiếm toàn văn và phân trang bằng con trỏ',
    responses: { 200: { description: 'Một trang danh sách', schema: listPageSchema } },
    handler: async ({ session, query }) => ({ body: await listDocuments(deps, session.actor, query) }),
  });

  api.add({
    method: 'get', path: '/documents/export', tag: 'search', auth: true, query: exportQuerySchema,
    summary: 'Xuất danh sách đã lọc ra Excel (xlsx) hoặc CSV',
    responses: { 200: { description: 'Tệp xlsx hoặc csv', files: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'] } },
    handler: async ({ session, query, res }) => {
      const file = await exportDocumentList(deps, session.actor, query);
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
      res.setHeader('X-Row-Count', String(file.rows));
      res.send(file.body);
    },
  });

  api.add({
    method: 'get', path: '/documents/:id/bookmark', tag: 'search', auth: true, params: idParams,
    summary: 'Đánh dấu và ghi chú riêng của tôi trên văn bản',
    responses: { 200: { description: 'Trạng thái đánh dấu', schema: bookmarkViewSchema } },
    handler: async ({ session, params }) => ({ body: await getBookmark(deps, session.actor, params.id) }),
  });

  api.add({
    method: 'put', path: '/documents/:id/bookmark', tag: 'search', auth: true, params: idParams, body: bookmarkSchema,
    summary: 'Đánh dấu văn bản (kèm ghi chú riêng)',
    responses: { 200: { description: 'Đã đánh dấu', schema: bookmarkViewSchema } },
    handler: async ({ session, params, body }) => ({ body: await bookmarkDocument(deps, session.actor, params.id, body) }),
  });

  api.add({
    method: 'delete', path: '/documents/:id/bookmark', tag: 'search', auth: true, params: idParams,
    summary: 'Bỏ đánh dấu văn bản',
    responses: { 204: { description: 'Đã bỏ đánh dấu' } },
    handler: async ({ session, params }) => {
      await unbookmarkDocument(deps, session.actor, params.id);
      return { status: 204 };
    },
  });
}
