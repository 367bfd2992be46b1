import { organizationDetailSchema, organizationDirectorySchema, organizationViewSchema, unitViewSchema } from '../contract/platform';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { ApiRouter } from '../http/api-router';
import { createOrganization, createOrganizationSchema } from './create-organization';
import { createUnit, createUnitSchema } from './create-unit';
import { renameUnit, renameUnitSchema } from './rename-organization';
import { canSeeInside, codeParams, getVisibleOrganization } from './organization-access';
import { buildOrganizationTree, presentOrganization, presentUnit } from './organization.presenter';
import { findOrganizationById, listCodeHistory, listOrganizations, listUnits, searchOrganizations } from './organizations.repository';
import { registerTreeAdminRoutes } from './tree-admin.routes';
import { registerCatalogueRoutes } from './catalogues.routes';


export function registerOrganizationRoutes(api: ApiRouter, db: Knex): void {
  // First: its fixed paths (/organizations/page…) must win over /organizations/:code.
  registerTreeAdminRoutes(api, db);
  registerCatalogueRoutes(api, db);
  api.add({
    method: 'post',
    path: '/organizations',
    tag: 'organizations',
    summary: 'Tạo cơ quan (quản trị hệ thống)',
    auth: true,
    body: createOrganizationSchema,
    responses: { 201: { description: 'Đã tạo', schema: organizationViewSchema } },
    handler: async ({ session, body }) => {
      const org = await createOrganization(db, session.actor, body);
      return { status: 201, body: presentOrganization(org, body.parentCode ?? null) };
    },
  });

  api.add({
    method: 'get',
    path: '/organizations',
    tag: 'organizations',
    summary: 'Danh bạ cơ quan bốn cấp: cây, hoặc tìm theo tên/mã (q)',
    auth: true,
    query: z.object({ q: z.string().trim().min(1).max(100).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
    responses: { 200: { description: 'Cây cơ quan hoặc kết quả tìm kiếm', schema: organizationDirectorySchema } },
    handler: async ({ query }) => {
      if (query.q) {
        const rows = await searchOrganizations(db, query.q, query.limit);
        const all = await listOrganizations(db);
        const codeById = new Map(all.map((o) => [o.id, o.code]));
        return { body: { items: rows.map((r) => presentOrganization(r, r.parent_id ? codeById.get(r.parent_id) ?? null : null)) } };
      }
      return { body: { tree: buildOrganizationTree(await listOrganizations(db)) } };
    },
  });

  api.add({
    method: 'get',
    path: '/organizations/:code',
    tag: 'organizations',
    summary: 'Thông tin một cơ quan (đơn vị bên trong chỉ hiện cho người của cơ quan)',
    auth: true,
    params: codeParams,
    responses: { 200: { description: 'Cơ quan', schema: organizationDetailSchema } },
    handler: async ({ session, params }) => {
      const org = await getVisibleOrganization(db, params.code);
      const parent = org.parent_id ? await findOrganizationById(db, org.parent_id) : undefined;
      const units = canSeeInside(session.actor, org.id) ? (await listUnits(db, org.id)).map(presentUnit) : undefined;
      const survivor = org.merged_into_id ? await findOrganizationById(db, org.merged_into_id) : undefined;
      const formerCodes = (await listCodeHistory(db, org.id)).map((h) => ({ code: h.code, name: h.name, abbreviation: h.abbreviation, reason: h.reason as 'merged' | 'recoded' | 'renamed', at: new Date(h.at).toISOString() }));
      return { body: { ...presentOrganization(org, parent?.code ?? null), units, mergedInto: survivor?.code ?? null, formerCodes } };
    },
  });

  api.add({
    method: 'post',
    path: '/organizations/:code/units',
    tag: 'organizations',
    summary: 'Thêm đơn vị (phòng ban) vào cơ quan',
    auth: true,
    params: codeParams,
    body: createUnitSchema,
    responses: { 201: { description: 'Đã tạo', schema: unitViewSchema } },
    handler: async ({ session, params, body }) => ({ status: 201, body: presentUnit(await createUnit(db, session.actor, params.code, body)) }),
  });

  api.add({
    method: 'post',
    path: '/units/:id',
    tag: 'organizations',
    summary: 'Đổi tên, chữ viết tắt của đơn vị (quản trị cơ quan); ghi nhật ký',
    auth: true,
    params: z.object({ id: z.string().min(1).max(64) }),
    body: renameUnitSchema,
    responses: { 200: { description: 'Đơn vị sau khi đổi', schema: unitViewSchema } },
    handler: async ({ session, params, body }) => ({ body: presentUnit(await renameUnit(db, session.actor, params.id, body)) }),
  });
}
