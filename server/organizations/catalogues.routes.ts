import type { Knex } from 'knex';
import { z } from 'zod';
import { CATALOG_KINDS, catalogEntrySchema, catalogListSchema, positionListSchema, positionViewSchema } from '../contract/administration';
import type { ApiRouter } from '../http/api-router';
import { forbidden } from '../shared/errors';
import { catalogInputSchema, catalogUpdateSchema, createCatalogEntry, editCatalogEntry } from './catalog';
import { listCatalog, listPositions, type CatalogRow, type PositionRow } from './catalogues.repository';
import { canSeeInside, codeParams, getVisibleOrganization } from './organization-access';
import { createPosition, editPosition, positionInputSchema, positionUpdateSchema } from './positions';

const idParams = z.object({ id: z.uuid() });
const presentPosition = (p: PositionRow & { user_count?: string | number }) => ({ id: p.id, name: p.name, rank: p.rank, userCount: Number(p.user_count ?? 0) });
const presentEntry = (e: CatalogRow) => ({ id: e.id, kind: e.kind, code: e.code, name: e.name, active: e.active });

/** Per-agency catalogues: positions (chức vụ), document types in use, subject areas (lĩnh vực). */
export function registerCatalogueRoutes(api: ApiRouter, db: Knex): void {
  const insideOnly = async (actor: Parameters<typeof canSeeInside>[0], code: string) => {
    const org = await getVisibleOrganization(db, code);
    if (!canSeeInside(actor, org.id)) throw forbidden('Danh mục này thuộc cơ quan khác');
    return org;
  };

  api.add({
    method: 'get', path: '/organizations/:code/positions', tag: 'organizations', auth: true, params: codeParams,
    summary: 'Danh mục chức vụ của cơ quan (người trong cơ quan)',
    responses: { 200: { description: 'Danh mục', schema: positionListSchema } },
    handler: async ({ session, params }) => {
      const org = await insideOnly(session.actor, params.code);
      return { body: { items: (await listPositions(db, org.id)).map(presentPosition) } };
    },
  });

  api.add({
    method: 'post', path: '/organizations/:code/positions', tag: 'organizations', auth: true, params: codeParams, body: positionInputSchema,
    summary: 'Thêm chức vụ (quản trị cơ quan)',
    responses: { 201: { description: 'Đã thêm', schema: positionViewSchema } },
    handler: async ({ session, params, body }) => ({ status: 201, body: presentPosition(await createPosition(db, session.actor, params.code, body)) }),
  });

  api.add({
    method: 'post', path: '/positions/:id', tag: 'organizations', auth: true, params: idParams, body: positionUpdateSchema,
    summary: 'Sửa chức vụ: đổi tên (mọi người giữ chức vụ đổi theo) hoặc thứ tự',
    responses: { 200: { description: 'Chức vụ', schema: positionViewSchema } },
    handler: async ({ session, params, body }) => ({ body: presentPosition(await editPosition(db, session.actor, params.id, body)) }),
  });

  api.add({
    method: 'get', path: '/organizations/:code/catalog', tag: 'organizations', auth: true, params: codeParams,
    query: z.object({ kind: z.enum(CATALOG_KINDS), active: z.enum(['true', 'false']).optional() }),
    summary: 'Loại văn bản cơ quan dùng, hoặc lĩnh vực (active=true: chỉ mục đang dùng, cho các biểu mẫu)',
    responses: { 200: { description: 'Danh mục', schema: catalogListSchema } },
    handler: async ({ session, params, query }) => {
      const org = await insideOnly(session.actor, params.code);
      return { body: { items: (await listCatalog(db, org.id, query.kind, query.active === 'true')).map(presentEntry) } };
    },
  });

  api.add({
    method: 'post', path: '/organizations/:code/catalog', tag: 'organizations', auth: true, params: codeParams, body: catalogInputSchema,
    summary: 'Thêm loại văn bản đang dùng hoặc lĩnh vực (quản trị cơ quan)',
    responses: { 201: { description: 'Đã thêm', schema: catalogEntrySchema } },
    handler: async ({ session, params, body }) => ({ status: 201, body: presentEntry(await createCatalogEntry(db, session.actor, params.code, body)) }),
  });

  api.add({
    method: 'post', path: '/catalog/:id', tag: 'organizations', auth: true, params: idParams, body: catalogUpdateSchema,
    summary: 'Sửa tên, ngừng dùng hoặc dùng lại một mục danh mục',
    responses: { 200: { description: 'Mục danh mục', schema: catalogEntrySchema } },
    handler: async ({ session, params, body }) => ({ body: presentEntry(await editCatalogEntry(db, session.actor, params.id, body)) }),
  });
}
