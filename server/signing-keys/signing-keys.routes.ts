import { certificateInfoSchema, storedImageSchema, trustAnchorListSchema, trustAnchorsAddedSchema } from '../contract/platform';
import { z } from 'zod';
import type { SigningKeyDeps } from './signing-key-deps';
import { parsePart, type ApiRouter } from '../http/api-router';
import { AppError } from '../shared/errors';
import { readSmallMultipart, requireFilePart } from '../http/small-multipart';
import { importOrganizationCertificate, importUserCertificate, orgCertificateSchema, userCertificateSchema } from './import-certificate';
import { addTrustAnchors, listTrustAnchorViews, trustAnchorSchema } from './trust-anchors';
import { uploadSealImage, uploadSignatureImage } from './upload-images';
import { registerCertificateSchema, registerUserCertificate } from './registered-certificates';
import { changeSigningPin, changeSigningPinSchema } from './change-signing-pin';

const MAX_P12 = 256 * 1024;
const MAX_PNG = 2 * 1024 * 1024;
const userParams = z.object({ id: z.string().max(64) });
const orgParams = z.object({ code: z.string().max(35) });

const parseFields = <T extends z.ZodType>(schema: T, fields: Record<string, string>): z.infer<T> => parsePart(schema, fields, 'form');

export function registerSigningKeyRoutes(api: ApiRouter, deps: SigningKeyDeps): void {
  api.add({
    method: 'post', path: '/users/:id/certificate', tag: 'certificates', auth: true, params: userParams,
    multipart: { p12: z.string().describe('Tệp PKCS#12'), password: z.string(), pin: z.string().describe('PIN để mở khoá khi ký') },
    summary: 'Nạp chứng thư số cá nhân (PKCS#12); khoá được niêm phong bằng PIN của người dùng',
    responses: { 201: { description: 'Đã nạp', schema: certificateInfoSchema } },
    handler: async ({ session, params, req }) => {
      const parts = await readSmallMultipart(req, MAX_P12, ['p12']);
      const body = await importUserCertificate(deps, session.actor, params.id, requireFilePart(parts, 'p12', 'PKCS#12'), parseFields(userCertificateSchema, parts.fields));
      return { status: 201, body };
    },
  });

  api.add({
    method: 'post', path: '/organizations/:code/certificate', tag: 'certificates', auth: true, params: orgParams,
    multipart: { p12: z.string().describe('Tệp PKCS#12 của cơ quan'), password: z.string() },
    summary: 'Nạp chứng thư số của cơ quan (con dấu điện tử) để văn thư ký khi phát hành',
    responses: { 201: { description: 'Đã nạp', schema: certificateInfoSchema } },
    handler: async ({ session, params, req }) => {
      const parts = await readSmallMultipart(req, MAX_P12, ['p12']);
      const body = await importOrganizationCertificate(deps, session.actor, params.code, requireFilePart(parts, 'p12', 'PKCS#12'), parseFields(orgCertificateSchema, parts.fields));
      return { status: 201, body };
    },
  });

  api.add({
    method: 'post', path: '/auth/signing-pin', tag: 'certificates', auth: true, body: changeSigningPinSchema,
    summary: 'Đổi PIN của khoá ký số do máy chủ giữ (cần PIN hiện tại)',
    responses: { 200: { description: 'Đã đổi PIN', schema: z.object({ changed: z.literal(true) }) } },
    handler: async ({ session, body }) => {
      await changeSigningPin(deps, session.actor, body);
      return { body: { changed: true as const } };
    },
  });

  api.add({
    method: 'post', path: '/users/:id/registered-certificates', tag: 'certificates', auth: true, params: userParams, body: registerCertificateSchema,
    summary: 'Đăng ký chứng thư số (PEM) của thiết bị ký USB/ký từ xa: ký hai bước chỉ nhận chữ ký bằng chứng thư đã đăng ký',
    responses: { 201: { description: 'Đã đăng ký', schema: z.object({ fingerprint: z.string(), subject: z.string(), notAfter: z.string() }) } },
    handler: async ({ session, params, body }) => ({ status: 201, body: await registerUserCertificate(deps, session.actor, params.id, body) }),
  });

  api.add({
    method: 'post', path: '/users/:id/signature-image', tag: 'certificates', auth: true, params: userParams,
    multipart: { image: z.string().describe('PNG nền trong suốt') },
    summary: 'Tải ảnh chữ ký tay (PNG nền trong suốt)',
    responses: { 201: { description: 'Đã lưu', schema: storedImageSchema } },
    handler: async ({ session, params, req }) => ({ status: 201, body: await uploadSignatureImage(deps, session.actor, params.id, requireFilePart(await readSmallMultipart(req, MAX_PNG, ['image']), 'image', 'ảnh PNG')) }),
  });

  api.add({
    method: 'post', path: '/organizations/:code/seal-image', tag: 'certificates', auth: true, params: orgParams,
    multipart: { image: z.string().describe('PNG nền trong suốt, kích thước thật') },
    summary: 'Tải ảnh con dấu của cơ quan (PNG đỏ, nền trong suốt)',
    responses: { 201: { description: 'Đã lưu', schema: storedImageSchema } },
    handler: async ({ session, params, req }) => ({ status: 201, body: await uploadSealImage(deps, session.actor, params.code, requireFilePart(await readSmallMultipart(req, MAX_PNG, ['image']), 'image', 'ảnh PNG')) }),
  });

  api.add({
    method: 'post', path: '/trust-anchors', tag: 'certificates', auth: true, body: trustAnchorSchema,
    summary: 'Thêm chứng thư gốc tin cậy (PEM) cho việc kiểm tra chữ ký (quản trị hệ thống)',
    responses: { 201: { description: 'Đã thêm', schema: trustAnchorsAddedSchema } },
    handler: async ({ session, body }) => ({ status: 201, body: { items: await addTrustAnchors(deps, session.actor, body.pem) } }),
  });

  api.add({
    method: 'get', path: '/trust-anchors', tag: 'certificates', auth: true,
    summary: 'Danh sách chứng thư gốc tin cậy',
    responses: { 200: { description: 'Danh sách', schema: trustAnchorListSchema } },
    handler: async () => ({ body: { items: await listTrustAnchorViews(deps.db) } }),
  });
}
