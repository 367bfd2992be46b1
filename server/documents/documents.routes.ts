import { findOrganizationById } from '../organizations/organizations.repository';
import { z } from 'zod';
import { documentDetailSchema, documentViewSchema, historySchema, inboxSchema } from '../contract/documents';
import type { ApiRouter } from '../http/api-router';
import { listAuditEventsFor } from '../audit/audit.repository';
import { userNames } from '../users/users.repository';
import { acceptIncoming, returnSchema } from './accept-incoming';
import { acknowledgeInternal } from './acknowledge-internal';
import { loadDocumentForReading } from '../document-core/document-access';
import { loadDocumentDetail } from './document-detail';
import { presentDocument } from '../document-core/document.presenter';
import { loadInbox } from './inbox';
import { returnDocument } from './return-document';
import { sendDocumentFile } from './send-file';
import { submitDocument, submitSchema } from './submit-document';
import { idParams } from '../document-core/id-params';
import type { WorkflowDeps } from '../document-core/workflow-deps';

export function registerDocumentRoutes(api: ApiRouter, deps: WorkflowDeps): void {
  api.add({
    method: 'get', path: '/inbox', tag: 'documents', auth: true,
    summary: 'Những việc đang chờ người dùng (theo vai trò: văn thư, lãnh đạo, chuyên viên)',
    responses: { 200: { description: 'Hộp việc', schema: inboxSchema } },
    handler: async ({ session }) => ({ body: await loadInbox(deps.db, session.actor, deps.now()) }),
  });

  api.add({
    method: 'get', path: '/documents/:id', tag: 'documents', auth: true, params: idParams,
    summary: 'Chi tiết văn bản: thông tin, phiên bản, chỉ đạo, phân công, tình trạng gửi',
    responses: { 200: { description: 'Văn bản', schema: documentDetailSchema } },
    handler: async ({ session, params }) => {
      const doc = await loadDocumentForReading(deps.db, session.actor, params.id);
      // An absorbed agency's document is read, not worked on, by the survivor's staff: no actions offered.
      const heldBy = doc.organization_id !== session.actor.organizationId ? ((await findOrganizationById(deps.db, doc.organization_id))?.name ?? '') : undefined;
      return { body: await loadDocumentDetail(deps.db, doc, session.actor, { heldBy }) };
    },
  });

  api.add({
    method: 'get', path: '/documents/:id/file', tag: 'documents', auth: true, params: idParams,
    query: z.object({ version: z.coerce.number().int().min(1).optional() }),
    summary: 'Tệp PDF hiện hành của văn bản (hoặc một phiên bản cũ); hỗ trợ Range',
    responses: { 200: { description: 'Tệp PDF', files: ['application/pdf'] }, 206: { description: 'Một đoạn của tệp (Range)', files: ['application/pdf'] } },
    handler: async ({ session, params, query, req, res }) => {
      const doc = await loadDocumentForReading(deps.db, session.actor, params.id);
      await sendDocumentFile(deps, doc, query.version, req, res);
    },
  });

  api.add({
    method: 'get', path: '/documents/:id/history', tag: 'documents', auth: true, params: idParams,
    summary: 'Lịch sử xử lý văn bản (nhật ký kiểm toán)',
    responses: { 200: { description: 'Các sự kiện theo thời gian', schema: historySchema } },
    handler: async ({ session, params }) => {
      const doc = await loadDocumentForReading(deps.db, session.actor, params.id);
      const rows = await listAuditEventsFor(deps.db, 'document', doc.id);
      const names = await userNames(deps.db, rows.map((r) => r.actor_id).filter((x): x is string => Boolean(x)));
      return { body: { items: rows.map((r) => ({ id: String(r.id), at: new Date(r.at).toISOString(), action: r.action, summary: r.summary, actorId: r.actor_id, actorName: r.actor_id ? names.get(r.actor_id) ?? null : 'Hệ thống' })) } };
    },
  });

  api.add({
    method: 'post', path: '/documents/:id/submit', tag: 'documents', auth: true, params: idParams, body: submitSchema,
    summary: 'Trình lãnh đạo (văn bản đến đã vào sổ, hoặc dự thảo)',
    responses: { 200: { description: 'Đã trình', schema: documentViewSchema } },
    handler: async ({ session, params, body }) => ({ body: presentDocument(await submitDocument(deps, session.actor, params.id, body), session.actor) }),
  });

  api.add({
    method: 'post', path: '/documents/:id/acknowledge', tag: 'documents', auth: true, params: idParams,
    summary: 'Xác nhận đã nhận văn bản cơ quan gửi nội bộ (đơn vị, cá nhân)',
    responses: { 204: { description: 'Đã xác nhận' } },
    handler: async ({ session, params }) => {
      await acknowledgeInternal(deps, session.actor, params.id);
      return { status: 204 };
    },
  });

  api.add({
    method: 'post', path: '/documents/:id/accept', tag: 'documents', auth: true, params: idParams,
    summary: 'Văn thư tiếp nhận văn bản điện tử: vào sổ, cấp số đến',
    responses: { 200: { description: 'Đã tiếp nhận', schema: documentViewSchema } },
    handler: async ({ session, params }) => ({ body: presentDocument(await acceptIncoming(deps, session.actor, params.id), session.actor) }),
  });

  api.add({
    method: 'post', path: '/documents/:id/return', tag: 'documents', auth: true, params: idParams, body: returnSchema,
    summary: 'Trả lại: văn thư trả văn bản điện tử cho nơi gửi, hoặc lãnh đạo trả dự thảo kèm ý kiến',
    responses: { 200: { description: 'Đã trả lại', schema: documentViewSchema } },
    handler: async ({ session, params, body }) => ({ body: presentDocument(await returnDocument(deps, session.actor, params.id, body), session.actor) }),
  });
}
