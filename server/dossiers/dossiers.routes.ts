import { registerBookSchema } from '../contract/platform';
import type { Response } from 'express';
import { z } from 'zod';
import type { ApiRouter } from '../http/api-router';
import { signSchema } from '../documents/sign-document';
import { withUploadedPdf } from '../documents/uploaded-pdf';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { findOrganizationById } from '../organizations/organizations.repository';
import { registerBookXlsx } from '../registers/export-tabular';
import { printRegisterBook } from '../registers/print-register';
import type { RegisterBook } from '../registers/register-book-view';
import { AppError } from '../shared/errors';
import { vietnamDate } from '../shared/vietnam-time';
import { handOverToArchive, handoverRecordOf, dossierContentsBook } from './archive-handover';
import { createDossier } from './create-dossier';
import { addAttachment, loadAttachment, signAttachment } from './dossier-attachments';
import { loadDossierFor } from './dossier-access';
import { takeDossierAction } from './dossier-action';
import { addOpinion, forwardOpinion, linkDocument, unlinkDocument, updateDossierProgress } from './dossier-content';
import {
  archiveSchema, archiveTransferSchema, createDossierSchema, DOSSIER_ACTIONS, dossierActionSchema, dossierPageSchema, dossierStatusNames, dossierViewSchema,
  filePlanItemSchema, filePlanItemViewSchema, forwardOpinionSchema, linkSchema, listDossiersQuery, opinionSchema, updateDossierSchema,
} from './dossier-contract';
import { loadDossierView } from './dossier-view';
import { addFilePlanItem, filePlanOf } from './file-plan';
import { findArchiveTransfer, listArchiveTransfers } from './file-plan.repository';
import { dossierListBook, listDossiers } from './list-dossiers';

const idParams = z.object({ id: z.string().min(1).max(64) });
const ok = (schema: z.ZodType, description = 'Hồ sơ') => ({ 200: { description, schema } });

async function sendTable(res: Response, book: RegisterBook, format: 'xlsx' | 'pdf', baseName: string): Promise<undefined> {
  const file = format === 'xlsx' ? await registerBookXlsx(book) : await printRegisterBook(book);
  res.setHeader('Content-Type', format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf');
  res.setHeader('Content-Disposition', `${format === 'pdf' ? 'inline' : 'attachment'}; filename="${baseName}.${format}"`);
  res.status(200).end(file);
  return undefined;
}

/** Work dossiers (hồ sơ công việc), the file plan and the archive hand-over. */
export function registerDossierRoutes(api: ApiRouter, deps: WorkflowDeps): void {
  const today = () => vietnamDate(deps.now());
  const view = async (actor: Parameters<typeof loadDossierFor>[1], id: string) => loadDossierView(deps.db, actor, await loadDossierFor(deps.db, actor, id), today());

  api.add({
    method: 'post', path: '/dossiers', tag: 'dossiers', auth: true, body: createDossierSchema,
    summary: 'Lập hồ sơ công việc (theo danh mục hồ sơ, hồ sơ con, mở từ văn bản đến)',
    responses: { 201: { description: 'Đã lập hồ sơ', schema: dossierViewSchema } },
    handler: async ({ session, body }) => ({ status: 201, body: await view(session.actor, (await createDossier(deps, session.actor, body)).id) }),
  });

  api.add({
    method: 'get', path: '/dossiers', tag: 'dossiers', auth: true, query: listDossiersQuery,
    summary: 'Danh sách hồ sơ theo trạng thái, tìm kiếm, lọc; phân trang theo con trỏ; xuất Excel hoặc in (format=xlsx|pdf)',
    responses: ok(dossierPageSchema, 'Một trang hồ sơ'),
    handler: async ({ session, query, res }) => {
      if (query.format === 'json') return { body: await listDossiers(deps.db, session.actor, query, today()) };
      const org = (await findOrganizationById(deps.db, session.actor.organizationId!))!;
      const label = query.status && query.status in dossierStatusNames ? dossierStatusNames[query.status as keyof typeof dossierStatusNames] : query.status === 'overdue' ? 'Hồ sơ quá hạn' : 'Tất cả hồ sơ';
      return sendTable(res, await dossierListBook(deps.db, session.actor, query, today(), org.name, `${label}${query.q ? ` — tìm "${query.q}"` : ''}`), query.format, `danh-sach-ho-so-${today()}`);
    },
  });

  api.add({
    method: 'get', path: '/dossiers/:id', tag: 'dossiers', auth: true, params: idParams,
    summary: 'Hồ sơ: trạng thái, thao tác được phép, văn bản, hồ sơ con, tệp, ý kiến, lịch sử',
    responses: ok(dossierViewSchema),
    handler: async ({ session, params }) => ({ body: await view(session.actor, params.id) }),
  });

  api.add({
    method: 'post', path: '/dossiers/:id/actions/:action', tag: 'dossiers', auth: true,
    params: z.object({ id: z.string().min(1).max(64), action: z.enum(DOSSIER_ACTIONS, 'Thao tác không được hỗ trợ') }), body: dossierActionSchema,
    summary: 'Bắt đầu, trình, duyệt, trả lại, từ chối, giải quyết lại, hủy, mở lại, chuyển người giải quyết',
    responses: ok(dossierViewSchema),
    handler: async ({ session, params, body }) => {
      await takeDossierAction(deps, session.actor, params.id, params.action, body);
      return { body: await view(session.actor, params.id) };
    },
  });

  api.add({
    method: 'post', path: '/dossiers/:id/progress', tag: 'dossiers', auth: true, params: idParams, body: updateDossierSchema,
    summary: 'Cập nhật tiến độ, ghi chú, hạn, lĩnh vực',
    responses: ok(dossierViewSchema),
    handler: async ({ session, params, body }) => {
      await updateDossierProgress(deps, session.actor, params.id, body);
      return { body: await view(session.actor, params.id) };
    },
  });

  api.add({
    method: 'post', path: '/dossiers/:id/links', tag: 'dossiers', auth: true, params: idParams, body: linkSchema,
    summary: 'Đưa văn bản đến, văn bản đi hoặc dự thảo vào hồ sơ',
    responses: { 201: { description: 'Đã thêm', schema: dossierViewSchema } },
    handler: async ({ session, params, body }) => {
      await linkDocument(deps, session.actor, params.id, body.documentId);
      return { status: 201, body: await view(session.actor, params.id) };
    },
  });

  api.add({
    method: 'delete', path: '/dossiers/:id/links/:documentId', tag: 'dossiers', auth: true, params: z.object({ id: z.string().max(64), documentId: z.string().max(64) }),
    summary: 'Bỏ văn bản khỏi hồ sơ (khi hồ sơ còn đang giải quyết)',
    responses: ok(dossierViewSchema),
    handler: async ({ session, params }) => {
      await unlinkDocument(deps, session.actor, params.id, params.documentId);
      return { body: await view(session.actor, params.id) };
    },
  });

  api.add({
    method: 'post', path: '/dossiers/:id/opinions', tag: 'dossiers', auth: true, params: idParams, body: opinionSchema,
    summary: 'Ý kiến xử lý (có thể gửi cho một đồng nghiệp)',
    responses: { 201: { description: 'Đã ghi', schema: dossierViewSchema } },
    handler: async ({ session, params, body }) => {
      await addOpinion(deps, session.actor, params.id, body);
      return { status: 201, body: await view(session.actor, params.id) };
    },
  });

  api.add({
    method: 'post', path: '/dossiers/:id/opinions/:opinionId/forward', tag: 'dossiers', auth: true, params: z.object({ id: z.string().max(64), opinionId: z.string().max(64) }), body: forwardOpinionSchema,
    summary: 'Chuyển một ý kiến cho đồng nghiệp',
    responses: { 201: { description: 'Đã chuyển', schema: dossierViewSchema } },
    handler: async ({ session, params, body }) => {
      await forwardOpinion(deps, session.actor, params.id, params.opinionId, body);
      return { status: 201, body: await view(session.actor, params.id) };
    },
  });

  api.add({
    method: 'post', path: '/dossiers/:id/attachments', tag: 'dossiers', auth: true, params: idParams,
    multipart: { file: z.string().describe('Tệp PDF') },
    summary: 'Thêm tệp PDF vào hồ sơ',
    responses: { 201: { description: 'Đã thêm', schema: dossierViewSchema } },
    handler: async ({ session, params, req }) => {
      await loadDossierFor(deps.db, session.actor, params.id);
      await withUploadedPdf(deps, req, undefined, async (upload) => {
        if (!upload.file) throw new AppError('VALIDATION_FAILED', 'Cần tệp PDF (trường file)');
        return addAttachment(deps, session.actor, params.id, upload.file);
      });
      return { status: 201, body: await view(session.actor, params.id) };
    },
  });

  api.add({
    method: 'get', path: '/dossiers/:id/attachments/:attachmentId/file', tag: 'dossiers', auth: true, params: z.object({ id: z.string().max(64), attachmentId: z.string().max(64) }),
    summary: 'Tải tệp của hồ sơ',
    responses: { 200: { description: 'PDF', files: ['application/pdf', 'application/octet-stream'] } },
    handler: async ({ session, params, res }) => {
      const a = await loadAttachment(deps, session.actor, params.id, params.attachmentId);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.file_name)}`);
      (await deps.blobs.get(a.file_key)).pipe(res);
      await new Promise((resolve) => res.on('close', resolve));
      return undefined;
    },
  });

  api.add({
    method: 'post', path: '/dossiers/:id/attachments/:attachmentId/sign', tag: 'dossiers', auth: true, params: z.object({ id: z.string().max(64), attachmentId: z.string().max(64) }), body: signSchema,
    summary: 'Lãnh đạo duyệt hồ sơ ký số tệp PDF của hồ sơ',
    responses: ok(dossierViewSchema),
    handler: async ({ session, params, body }) => {
      await signAttachment(deps, session.actor, params.id, params.attachmentId, body);
      return { body: await view(session.actor, params.id) };
    },
  });

  api.add({
    method: 'get', path: '/dossiers/:id/contents', tag: 'dossiers', auth: true, params: idParams, query: z.object({ format: z.enum(['json', 'xlsx', 'pdf']).default('json') }),
    summary: 'Mục lục văn bản trong hồ sơ (JSON, Excel hoặc bản in)',
    responses: { 200: { description: 'Mục lục', schema: registerBookSchema, files: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'] } },
    handler: async ({ session, params, query, res }) => {
      const d = await loadDossierFor(deps.db, session.actor, params.id);
      const org = (await findOrganizationById(deps.db, d.organization_id))!;
      const book = await dossierContentsBook(deps.db, d, org.name);
      if (query.format === 'json') return { body: book };
      return sendTable(res, book, query.format, `muc-luc-${(d.code ?? d.id).replace(/[^\w.-]+/g, '-')}`);
    },
  });

  api.add({
    method: 'get', path: '/file-plan', tag: 'dossiers', auth: true, query: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
    summary: 'Danh mục hồ sơ của cơ quan trong năm',
    responses: ok(z.object({ items: z.array(filePlanItemViewSchema) }), 'Danh mục hồ sơ'),
    handler: async ({ session, query }) => ({ body: { items: await filePlanOf(deps.db, session.actor, query.year) } }),
  });

  api.add({
    method: 'post', path: '/file-plan', tag: 'dossiers', auth: true, body: filePlanItemSchema,
    summary: 'Thêm một hồ sơ vào danh mục hồ sơ của năm (mã, tiêu đề, thời hạn bảo quản, người lập)',
    responses: { 201: { description: 'Đã thêm', schema: z.object({ id: z.string(), code: z.string() }) } },
    handler: async ({ session, body }) => {
      const item = await addFilePlanItem(deps, session.actor, body);
      return { status: 201, body: { id: item.id, code: item.code } };
    },
  });

  api.add({
    method: 'post', path: '/archive/transfers', tag: 'dossiers', auth: true, body: archiveSchema,
    summary: 'Nộp lưu các hồ sơ đã kết thúc trong năm vào Lưu trữ cơ quan (gói: mục lục, PDF đã ký, báo cáo kiểm tra chữ ký)',
    responses: { 201: { description: 'Đã nộp lưu', schema: archiveTransferSchema } },
    handler: async ({ session, body }) => ({ status: 201, body: await handOverToArchive(deps, session.actor, body.year) }),
  });

  api.add({
    method: 'get', path: '/archive/transfers', tag: 'dossiers', auth: true,
    summary: 'Các lần nộp lưu của cơ quan',
    responses: ok(z.object({ items: z.array(archiveTransferSchema) }), 'Danh sách'),
    handler: async ({ session }) => {
      if (!session.actor.organizationId) throw new AppError('FORBIDDEN', 'Nộp lưu thuộc về một cơ quan');
      const rows = await listArchiveTransfers(deps.db, session.actor.organizationId);
      return { body: { items: rows.map((r) => ({ id: r.id, year: r.year, dossierCount: r.dossier_count, size: Number(r.package_size), sha256: r.package_sha256, handedAt: new Date(r.handed_at).toISOString(), handedBy: r.handed_by_name })) } };
    },
  });

  api.add({
    method: 'get', path: '/archive/transfers/:id/record', tag: 'dossiers', auth: true, params: idParams,
    summary: 'Biên bản giao nộp hồ sơ, tài liệu của một lần nộp lưu (PDF)',
    responses: { 200: { description: 'PDF', files: ['application/pdf'] } },
    handler: async ({ session, params, res }) => {
      const { year, pdf } = await handoverRecordOf(deps.db, session.actor, params.id);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="bien-ban-giao-nop-${year}.pdf"`);
      res.end(pdf);
      return undefined;
    },
  });

  api.add({
    method: 'get', path: '/archive/transfers/:id/package', tag: 'dossiers', auth: true, params: idParams,
    summary: 'Tải gói nộp lưu (ZIP)',
    responses: { 200: { description: 'ZIP', files: ['application/zip'] } },
    handler: async ({ session, params, res }) => {
      const t = /^[0-9a-f-]{36}$/i.test(params.id) ? await findArchiveTransfer(deps.db, params.id) : undefined;
      if (!t || t.organization_id !== session.actor.organizationId) throw new AppError('NOT_FOUND', 'Không tìm thấy lần nộp lưu');
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('Content-Disposition', `attachment; filename="nop-luu-${t.year}.zip"`);
      (await deps.blobs.get(t.package_key)).pipe(res);
      await new Promise((resolve) => res.on('close', resolve));
      return undefined;
    },
  });
}
