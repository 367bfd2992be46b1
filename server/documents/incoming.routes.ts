import { z } from 'zod';
import type { ApiRouter } from '../http/api-router';
import { AppError } from '../http/errors';
import { hashRequest, idempotent } from '../shared/idempotency';
import { presentDocument } from './document.presenter';
import { parseMetaField, parsePdfUpload } from './multipart-upload';
import { incomingMetaSchema, registerIncomingPaper, secretFileError } from './register-incoming';
import { assertPdfTrailer, discardBlob } from './stored-files';
import type { WorkflowDeps } from './workflow-deps';

/** Parses `meta` as soon as it is seen so that a secret document's file is refused before storage. */
function metaFrom(fields: Record<string, string>) {
  const parsed = incomingMetaSchema.safeParse(parseMetaField(fields));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('VALIDATION_FAILED', `Dữ liệu không hợp lệ (meta.${issue.path.join('.')}): ${issue.message}`);
  }
  return parsed.data;
}

export function registerIncomingRoutes(api: ApiRouter, deps: WorkflowDeps): void {
  api.add({
    method: 'post', path: '/incoming', tag: 'incoming', auth: true,
    summary: 'Văn thư vào sổ văn bản đến bản giấy (bản quét PDF + thông tin); hỗ trợ Idempotency-Key',
    multipart: { file: z.string().describe('Tệp PDF bản quét (binary)'), meta: z.string().describe('JSON: issuer, symbol, docType, issuedDate, subject, urgency, secrecy, pages') },
    responses: { 201: { description: 'Đã vào sổ: số đến, ngày đến' } },
    handler: async ({ session, req }) => {
      const actor = session.actor;
      if (!actor.roles.includes('clerk')) throw new AppError('FORBIDDEN', 'Chỉ văn thư vào sổ văn bản đến');
      const upload = await parsePdfUpload(req, {
        blobs: deps.blobs,
        maxBytes: deps.maxUploadBytes,
        discard: (key) => discardBlob(deps.db, deps.blobs, key),
        beforeFile: (fields) => {
          if (fields.meta !== undefined && metaFrom(fields).secrecy !== 'normal') throw secretFileError();
        },
      });
      const file = upload.file;
      try {
        const meta = metaFrom(upload.fields);
        if (file) await assertPdfTrailer(deps.blobs, file.blob.key, file.blob.size);
        const key = req.header('idempotency-key') ?? undefined;
        const response = await idempotent(deps.db, actor.userId, key, hashRequest(meta, file?.blob.sha256 ?? null), (remember) =>
          registerIncomingPaper(deps, actor, meta, file, ({ doc, warnings }) => ({ status: 201, body: { ...presentDocument(doc), warnings } }), remember),
        );
        return response;
      } catch (err) {
        if (file) await discardBlob(deps.db, deps.blobs, file.blob.key).catch(() => undefined);
        throw err;
      }
    },
  });
}
