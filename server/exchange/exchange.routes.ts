import { z } from 'zod';
import { requireRole } from '../shared/actor';
import { loadDocumentFor } from '../document-core/document-access';
import { idParams } from '../document-core/id-params';
import type { ApiRouter } from '../http/api-router';
import { findOrganizationByCode } from '../organizations/organizations.repository';
import { AppError, notFound } from '../shared/errors';
import { writeEdxmlPackage } from './edxml';
import { listAttachments, listOutbox } from './exchange.repository';
import type { ExchangeDeps } from './exchange-deps';
import { attachmentListSchema, importResultSchema, outboxListSchema } from './exchange-views';
import { presentAttachment, presentOutboxItem } from './exchange.presenter';
import { packageOfDocument } from './package-from-document';
import { receiveMessage } from './receive-message';
import { outboxScope, retryDeadLetter } from './retry-dead-letter';
import { withUploadedFile } from './upload-stream';

const asciiName = (s: string) => s.normalize('NFD').replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'van-ban';

export function registerExchangeRoutes(api: ApiRouter, deps: ExchangeDeps): void {
  api.add({
    method: 'post', path: '/exchange/import', tag: 'exchange', auth: true,
    multipart: { file: z.any().describe('Gói tin edXML (.edxml, .xml)') },
    summary: 'Văn thư nhập gói tin edXML vào danh sách chờ tiếp nhận (nơi nhận phải là cơ quan mình)',
    responses: { 201: { description: 'Đã nhận', schema: importResultSchema } },
    handler: async ({ session, req }) => {
      requireRole(session.actor, 'clerk');
      const received = await withUploadedFile(req, deps.maxUploadBytes, (file) =>
        receiveMessage(deps, file, { actor: session.actor, onlyOrgId: session.actor.organizationId!, packagesOnly: true }),
      );
      return { status: 201, body: { documentIds: received.documentIds } };
    },
  });

  api.add({
    method: 'get', path: '/documents/:id/edxml', tag: 'exchange', auth: true, params: idParams,
    query: z.object({ to: z.string().trim().min(1).max(35) }),
    summary: 'Tải gói tin edXML (QCVN 102:2016) của văn bản đã ban hành, gửi cho cơ quan có mã `to`',
    responses: { 200: { description: 'Gói tin edXML', files: ['application/xml'] } },
    handler: async ({ session, params, query, res }) => {
      const doc = await loadDocumentFor(deps.db, session.actor, params.id);
      const recipient = await findOrganizationByCode(deps.db, query.to);
      if (!recipient) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan nhận có mã ${query.to}`);
      const { header, attachments } = await packageOfDocument(deps.db, deps.blobs, doc, recipient, deps.now());
      res.status(200);
      res.setHeader('Content-Type', 'application/xml; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${asciiName(doc.symbol ?? 'van-ban')}.edxml"`);
      try {
        await writeEdxmlPackage(res, header, attachments);
        res.end();
      } catch (err) {
        res.destroy(err as Error);
      }
    },
  });

  api.add({
    method: 'get', path: '/exchange/outbox', tag: 'exchange', auth: true,
    query: z.object({
      state: z.enum(['pending', 'sent', 'dead', 'cancelled']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    summary: 'Gói tin và trạng thái gửi qua trục liên thông (state=dead: danh sách gửi không được) — quản trị',
    responses: { 200: { description: 'Danh sách', schema: outboxListSchema } },
    handler: async ({ session, query }) => {
      const [rows, total] = await listOutbox(deps.db, { ...query, organizationId: outboxScope(session.actor) });
      return { body: { items: rows.map(presentOutboxItem), total } };
    },
  });

  api.add({
    method: 'post', path: '/exchange/outbox/:id/retry', tag: 'exchange', auth: true, params: z.object({ id: z.uuid() }),
    summary: 'Gửi lại một gói tin liên thông đã gửi không được — quản trị',
    responses: { 204: { description: 'Đã đưa lại vào hàng đợi' } },
    handler: async ({ session, params }) => {
      await retryDeadLetter(deps, session.actor, params.id);
      return { status: 204 };
    },
  });

  api.add({
    method: 'get', path: '/documents/:id/attachments', tag: 'exchange', auth: true, params: idParams,
    summary: 'Các tệp đính kèm của văn bản nhận qua edXML (nguyên vẹn từng byte)',
    responses: { 200: { description: 'Danh sách', schema: attachmentListSchema } },
    handler: async ({ session, params }) => {
      const doc = await loadDocumentFor(deps.db, session.actor, params.id);
      return { body: { items: (await listAttachments(deps.db, doc.id)).map(presentAttachment) } };
    },
  });

  api.add({
    method: 'get', path: '/documents/:id/attachments/:position', tag: 'exchange', auth: true,
    params: z.object({ id: z.string().min(1).max(64), position: z.string().regex(/^\d{1,4}$/, 'Vị trí tệp đính kèm là số') }),
    summary: 'Tải một tệp đính kèm của văn bản nhận qua edXML',
    responses: { 200: { description: 'Tệp', files: ['application/octet-stream'] } },
    handler: async ({ session, params, res }) => {
      const doc = await loadDocumentFor(deps.db, session.actor, params.id);
      const attachment = (await listAttachments(deps.db, doc.id)).find((a) => a.position === Number(params.position));
      if (!attachment) throw notFound('Không có tệp đính kèm này');
      const stream = await deps.blobs.get(attachment.file_key);
      res.status(200);
      res.setHeader('Content-Type', attachment.content_type);
      res.setHeader('Content-Length', String(attachment.size));
      res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.name)}`);
      await new Promise<void>((resolve, reject) => {
        stream.on('error', reject);
        res.on('finish', resolve);
        res.on('close', resolve);
        stream.pipe(res);
      }).catch(() => res.destroy());
    },
  });
}
