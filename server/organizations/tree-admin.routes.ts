import type { Knex } from 'knex';
import { z } from 'zod';
import { codeListReportSchema, mergeResultSchema, moveChildrenResultSchema, organizationPageSchema } from '../contract/administration';
import { organizationViewSchema } from '../contract/platform';
import { requireSystemAdmin } from '../shared/actor';
import type { ApiRouter } from '../http/api-router';
import { importCodeList, importCodeListSchema } from './import-code-list';
import { mergeOrganizationSchema, mergeOrganizations } from './merge-organizations';
import { renameOrganization, renameOrganizationSchema } from './rename-organization';
import { moveChildren, moveChildrenSchema, moveOrganization, moveOrganizationSchema } from './move-organization';
import { LEVELS } from './org-code';
import { codeParams } from './organization-access';
import { presentOrganization } from './organization.presenter';
import { findOrganizationById, pageOrganizations, type OrganizationRow } from './organizations.repository';


export const organizationPageQuery = z.object({
  q: z.string().trim().max(100).optional(),
  level: z.enum(LEVELS).optional(),
  parent: z.string().trim().max(35).optional(),
  state: z.enum(['active', 'merged', 'all']).default('active'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** The system administrator's tree: paged list, move (2025 reform), merge, national code list import. */
export function registerTreeAdminRoutes(api: ApiRouter, db: Knex): void {
  /** An organisation as the tree screens show it after a change: with its parent's code. */
  const withParentCode = async (org: OrganizationRow) => presentOrganization(org, org.parent_id ? ((await findOrganizationById(db, org.parent_id))?.code ?? null) : null);

  api.add({
    method: 'get', path: '/organizations/page', tag: 'organizations', auth: true, query: organizationPageQuery,
    summary: 'Danh sách cơ quan để quản trị (quản trị hệ thống): tìm theo tên, mã, mã cũ; lọc theo cấp, cơ quan cấp trên, trạng thái; phân trang',
    responses: { 200: { description: 'Một trang', schema: organizationPageSchema } },
    handler: async ({ session, query }) => {
      requireSystemAdmin(session.actor);
      const merged = query.state === 'all' ? undefined : query.state === 'merged';
      const { rows, total } = await pageOrganizations(db, { q: query.q || undefined, level: query.level, parentCode: query.parent || undefined, merged }, query.pageSize, (query.page - 1) * query.pageSize);
      const items = rows.map((r) => ({ ...presentOrganization(r, r.parent_code), parentName: r.parent_name, mergedInto: r.merged_into_code, userCount: Number(r.user_count) }));
      return { body: { items, total, page: query.page, pageSize: query.pageSize } };
    },
  });

  api.add({
    method: 'post', path: '/organizations/import-codes', tag: 'organizations', auth: true, body: importCodeListSchema,
    summary: 'Nhập danh mục mã định danh quốc gia (JSON hoặc CSV): báo số tạo mới, cập nhật, không đổi và lỗi từng dòng',
    responses: { 200: { description: 'Kết quả nhập', schema: codeListReportSchema } },
    handler: async ({ session, body }) => ({ body: await importCodeList(db, session.actor, body) }),
  });

  api.add({
    method: 'post', path: '/organizations/:code/move', tag: 'organizations', auth: true, params: codeParams, body: moveOrganizationSchema,
    summary: 'Chuyển cơ quan về trực thuộc cơ quan khác (theo quy tắc cấp; ví dụ xã về thẳng tỉnh từ 1/7/2025)',
    responses: { 200: { description: 'Cơ quan sau khi chuyển', schema: organizationViewSchema } },
    handler: async ({ session, params, body }) => ({ body: await withParentCode(await moveOrganization(db, session.actor, params.code, body)) }),
  });

  api.add({
    method: 'post', path: '/organizations/:code/move-children', tag: 'organizations', auth: true, params: codeParams, body: moveChildrenSchema,
    summary: 'Chuyển mọi cơ quan trực thuộc sang cơ quan cấp trên mới (bỏ cấp huyện: các xã về tỉnh)',
    responses: { 200: { description: 'Các mã đã chuyển', schema: moveChildrenResultSchema } },
    handler: async ({ session, params, body }) => ({ body: await moveChildren(db, session.actor, params.code, body.parentCode) }),
  });

  api.add({
    method: 'post', path: '/organizations/:code/rename', tag: 'organizations', auth: true, params: codeParams, body: renameOrganizationSchema,
    summary: 'Đổi tên, chữ viết tắt của cơ quan (quản trị hệ thống); tên cũ giữ trong lịch sử cùng các mã đã sáp nhập',
    responses: { 200: { description: 'Cơ quan sau khi đổi tên', schema: organizationViewSchema } },
    handler: async ({ session, params, body }) => ({ body: await withParentCode(await renameOrganization(db, session.actor, params.code, body)) }),
  });

  api.add({
    method: 'post', path: '/organizations/:code/merge', tag: 'organizations', auth: true, params: codeParams, body: mergeOrganizationSchema,
    summary: 'Sáp nhập cơ quan vào cơ quan cùng cấp; mã cũ giữ làm lịch sử, tài khoản và văn bản vẫn tra cứu được',
    responses: { 200: { description: 'Kết quả sáp nhập', schema: mergeResultSchema } },
    handler: async ({ session, params, body }) => {
      const r = await mergeOrganizations(db, session.actor, params.code, body.intoCode);
      return { body: { absorbed: r.absorbed.code, survivor: r.survivor.code, childrenMoved: r.childrenMoved, users: r.users, documents: r.documents } };
    },
  });
}
