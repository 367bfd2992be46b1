import { z } from 'zod';
import { documentViewSchema, issueResultSchema, preparedSignatureSchema, signatureReportSchema } from '../contract/documents';
import type { ApiRouter } from '../http/api-router';
import { AppError } from '../shared/errors';
import { listTrustAnchors } from '../signing-keys/signing-keys.repository';
import { addDraftVersion, versionMetaSchema } from './add-version';
import { approveDraft } from './approve-draft';
import { loadDocumentForReading } from '../document-core/document-access';
import { presentDocument } from '../document-core/document.presenter';
import { idParams } from '../document-core/id-params';
import { draftOutgoing, outgoingMetaSchema } from './draft-outgoing';
import { issueDocument, issueSchema } from './issue-document';
import { parseMetaField } from './multipart-upload';
import { withUploadedPdf } from './uploaded-pdf';
import { secretFileError } from './register-incoming';
import { presentSignatureReport } from './signature-verdict';
import { completeExternalSignature, completeSchema, prepareExternalSignature, prepareSchema } from './sign-external';
import { signDocument, signSchema } from './sign-document';
import type { WorkflowDeps } from '../document-core/workflow-deps';

export function registerOutgoingRoutes(api: ApiRouter, deps: WorkflowDeps): void {
  api.add({
    method: 'post', path: '/outgoing', tag: 'outgoing', auth: true,
    multipart: { file: z.string().describe('PDF dự thảo'), meta: z.string().describe('JSON: docType, subject, urgency, secrecy, recipients[], draftingUnit?, replacesDocumentId?') },
    summary: 'Tạo dự thảo văn bản đi (phiên bản 1)',
    responses: { 201: { description: 'Đã tạo dự thảo', schema: documentViewSchema } },
    handler: async ({ session, req }) => {
      const beforeFile = (fields: Record<string, string>) => {
        if (fields.meta !== undefined && parseMetaField(outgoingMetaSchema, fields).secrecy !== 'normal') throw secretFileError();
      };
      const doc = await withUploadedPdf(deps, req, beforeFile, (upload) => draftOutgoing(deps, session.actor, parseMetaField(outgoingMetaSchema, upload.fields), upload.file));
      return { status: 201, body: presentDocument(doc, session.actor) };
    },
  });

  api.add({
    method: 'post', path: '/documents/:id/versions', tag: 'outgoing', auth: true, params: idParams,
    multipart: { file: z.string().describe('PDF dự thảo mới'), meta: z.string().optional().describe('JSON: note?') },
    summary: 'Tải lên phiên bản mới của dự thảo (giữ các phiên bản cũ)',
    responses: { 201: { description: 'Đã lưu phiên bản', schema: documentViewSchema } },
    handler: async ({ session, params, req }) => {
      const doc = await withUploadedPdf(deps, req, undefined, (upload) => {
        if (!upload.file) throw new AppError('VALIDATION_FAILED', 'Cần tệp PDF (trường file)');
        return addDraftVersion(deps, session.actor, params.id, upload.file, parseMetaField(versionMetaSchema, upload.fields, false).note);
      });
      return { status: 201, body: presentDocument(doc, session.actor) };
    },
  });

  api.add({
    method: 'post', path: '/documents/:id/approve', tag: 'outgoing', auth: true, params: idParams,
    summary: 'Lãnh đạo duyệt dự thảo',
    responses: { 200: { description: 'Đã duyệt', schema: documentViewSchema } },
    handler: async ({ session, params }) => ({ body: presentDocument(await approveDraft(deps, session.actor, params.id), session.actor) }),
  });

  api.add({
    method: 'post', path: '/documents/:id/sign', tag: 'outgoing', auth: true, params: idParams, body: signSchema,
    summary: 'Lãnh đạo ký số bằng khoá lưu trên máy chủ, mở bằng PIN; vị trí theo trang + khung hoặc theo chữ neo',
    responses: { 200: { description: 'Đã ký', schema: documentViewSchema } },
    handler: async ({ session, params, body }) => ({ body: presentDocument(await signDocument(deps, session.actor, params.id, body), session.actor) }),
  });

  api.add({
    method: 'post', path: '/documents/:id/sign/prepare', tag: 'outgoing', auth: true, params: idParams, body: prepareSchema,
    summary: 'Ký hai bước (USB token, ký từ xa): nhận dữ liệu cần ký cho chứng thư đã cho',
    responses: { 200: { description: 'Dữ liệu cần ký (base64)', schema: preparedSignatureSchema } },
    handler: async ({ session, params, body }) => ({ body: await prepareExternalSignature(deps, session.actor, params.id, body) }),
  });

  api.add({
    method: 'post', path: '/documents/:id/sign/complete', tag: 'outgoing', auth: true, params: idParams, body: completeSchema,
    summary: 'Ký hai bước: gửi giá trị chữ ký (hoặc gói CMS) để gắn vào tệp',
    responses: { 200: { description: 'Đã ký', schema: documentViewSchema } },
    handler: async ({ session, params, body }) => ({ body: presentDocument(await completeExternalSignature(deps, session.actor, params.id, body), session.actor) }),
  });

  api.add({
    method: 'post', path: '/documents/:id/issue', tag: 'outgoing', auth: true, params: idParams, body: issueSchema,
    summary: 'Văn thư phát hành: cấp số, ghi số và ngày vào tệp, ký số cơ quan, gửi nơi nhận — tất cả hoặc không',
    responses: { 200: { description: 'Số, ký hiệu và tình trạng gửi từng nơi nhận', schema: issueResultSchema } },
    handler: async ({ session, params, body }) => {
      const result = await issueDocument(deps, session.actor, params.id, body);
      return { body: { ...presentDocument(result.doc, session.actor), number: result.doc.number, symbol: result.doc.symbol, deliveries: result.deliveries, warnings: result.warnings } };
    },
  });

  api.add({
    method: 'get', path: '/documents/:id/signatures', tag: 'documents', auth: true, params: idParams,
    summary: 'Báo cáo kiểm tra chữ ký số của tệp hiện hành',
    responses: { 200: { description: 'Kết quả từng chữ ký', schema: signatureReportSchema } },
    handler: async ({ session, params }) => {
      const doc = await loadDocumentForReading(deps.db, session.actor, params.id);
      if (!doc.file_key) throw new AppError('NOT_FOUND', 'Văn bản không có tệp điện tử');
      const outcome = await deps.signing.verify(doc.file_key, (await listTrustAnchors(deps.db)).map((t) => t.pem));
      return { body: presentSignatureReport(outcome) };
    },
  });
}
