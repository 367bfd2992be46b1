import { z } from 'zod';
import { registeredIncomingSchema } from '../contract/documents';
import type { ApiRouter } from '../http/api-router';
import { AppError } from '../shared/errors';
import { hashRequest, idempotent } from '../shared/idempotency';
import { presentDocument } from '../document-core/document.presenter';
import { parseMetaField } from './multipart-upload';
import { withUploadedPdf } from './uploaded-pdf';
import { incomingMetaSchema, registerIncomingPaper, secretFileError } from './register-incoming';
import type { WorkflowDeps } from '../document-core/workflow-deps';

const metaFrom = (fields: Record<string, string>) => parseMetaField(incomingMetaSchema, fields);

export function registerIncomingRoutes(api: ApiRouter, deps: WorkflowDeps): void {
  api.add({
    method: 'post', path: '/incoming', tag: 'incoming', auth: true,
    summary: 'Văn thư vào sổ văn bản đến bản giấy (bản quét PDF + thông tin); hỗ trợ Idempotency-Key',
    multipart: { file: z.string().describe('Tệp PDF bản quét (binary)'), meta: z.string().describe('JSON: issuer, symbol, docType, issuedDate, subject, urgency, secrecy, pages') },
    responses: { 201: { description: 'Đã vào sổ: số đến, ngày đến', schema: registeredIncomingSchema } },
    handler: async ({ session, req }) => {
      const actor = session.actor;
      if (!actor.roles.includes('clerk')) throw new AppError('FORBIDDEN', 'Chỉ văn thư vào sổ văn bản đến');
      // `meta` is parsed as soon as it is seen, so that a secret document's file is refused before storage.
      const beforeFile = (fields: Record<string, string>) => {
        if (fields.meta !== undefined && metaFrom(fields).secrecy !== 'normal') throw secretFileError();
      };
      return withUploadedPdf(deps, req, beforeFile, ({ fields, file }) => {
        const meta = metaFrom(fields);
        const key = req.header('idempotency-key') ?? undefined;
        return idempotent(deps.db, actor.userId, key, hashRequest(meta, file?.blob.sha256 ?? null), (remember) =>
          registerIncomingPaper(deps, actor, meta, file, ({ doc, warnings }) => ({ status: 201, body: { ...presentDocument(doc, actor), warnings } }), remember),
        );
      });
    },
  });
}
