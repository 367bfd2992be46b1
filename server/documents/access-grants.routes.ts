import { z } from 'zod';
import type { ApiRouter } from '../http/api-router';
import { grantAccess, grantSchema, grantViewSchema, listAccessGrants, revokeAccess } from './grant-access';
import type { WorkflowDeps } from '../document-core/workflow-deps';

const docParams = z.object({ id: z.string().min(1).max(64) });
const grantParams = docParams.extend({ userId: z.uuid('Mã người dùng không hợp lệ') });

/** Need-to-know grants on secret documents (see secret-access.ts). */
export function registerAccessGrantRoutes(api: ApiRouter, deps: WorkflowDeps): void {
  api.add({
    method: 'get', path: '/documents/:id/access-grants', tag: 'documents', auth: true, params: docParams,
    summary: 'Những người được cấp quyền xem văn bản mật',
    responses: { 200: { description: 'Danh sách', schema: grantViewSchema } },
    handler: async ({ session, params }) => ({ body: await listAccessGrants(deps, session.actor, params.id) }),
  });
  api.add({
    method: 'post', path: '/documents/:id/access-grants', tag: 'documents', auth: true, params: docParams, body: grantSchema,
    summary: 'Cấp quyền xem văn bản mật cho một người trong cơ quan (văn thư, lãnh đạo)',
    responses: { 204: { description: 'Đã cấp quyền' } },
    handler: async ({ session, params, body }) => {
      await grantAccess(deps, session.actor, params.id, body.userId);
      return { status: 204 };
    },
  });
  api.add({
    method: 'delete', path: '/documents/:id/access-grants/:userId', tag: 'documents', auth: true, params: grantParams,
    summary: 'Thu hồi quyền xem văn bản mật',
    responses: { 204: { description: 'Đã thu hồi' } },
    handler: async ({ session, params }) => {
      await revokeAccess(deps, session.actor, params.id, params.userId);
      return { status: 204 };
    },
  });
}
