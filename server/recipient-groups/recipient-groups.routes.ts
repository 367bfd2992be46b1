import { z } from 'zod';
import type { ApiRouter } from '../http/api-router';
import { groupSchema, listRecipientGroups, removeRecipientGroup, saveRecipientGroup, type GroupDeps } from './save-recipient-group';

const groupView = z.object({
  id: z.string(), name: z.string(), shared: z.boolean(), editable: z.boolean(),
  organizations: z.array(z.object({ code: z.string(), name: z.string() })),
  units: z.array(z.object({ id: z.string(), name: z.string(), abbreviation: z.string() })),
  updatedAt: z.string(),
});
const idParams = z.object({ id: z.string() });

export function registerRecipientGroupRoutes(api: ApiRouter, deps: GroupDeps): void {
  api.add({
    method: 'get', path: '/recipient-groups', tag: 'recipient-groups', auth: true,
    summary: 'Nhóm gửi nhanh: các nhóm dùng chung của cơ quan và nhóm cá nhân của tôi',
    responses: { 200: { description: 'Nhóm', schema: z.object({ items: z.array(groupView) }) } },
    handler: async ({ session }) => ({ body: { items: await listRecipientGroups(deps.db, session.actor) } }),
  });
  api.add({
    method: 'post', path: '/recipient-groups', tag: 'recipient-groups', auth: true, body: groupSchema,
    summary: 'Lưu nhóm gửi nhanh (cơ quan nhận và đơn vị nội bộ); dùng chung hoặc cá nhân',
    responses: { 201: { description: 'Đã lưu', schema: groupView } },
    handler: async ({ session, body }) => ({ status: 201, body: await saveRecipientGroup(deps, session.actor, body) }),
  });
  api.add({
    method: 'put', path: '/recipient-groups/:id', tag: 'recipient-groups', auth: true, params: idParams, body: groupSchema,
    summary: 'Sửa nhóm gửi nhanh',
    responses: { 200: { description: 'Đã lưu', schema: groupView } },
    handler: async ({ session, params, body }) => ({ body: await saveRecipientGroup(deps, session.actor, body, params.id) }),
  });
  api.add({
    method: 'delete', path: '/recipient-groups/:id', tag: 'recipient-groups', auth: true, params: idParams,
    summary: 'Xoá nhóm gửi nhanh',
    responses: { 204: { description: 'Đã xoá' } },
    handler: async ({ session, params }) => {
      await removeRecipientGroup(deps, session.actor, params.id);
      return { status: 204 };
    },
  });
}
