import { documentViewSchema } from '../contract/documents';
import { presentDocument } from '../document-core/document.presenter';
import { idParams } from '../document-core/id-params';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import type { ApiRouter } from '../http/api-router';
import { recallDocument, recallResponseSchema, recallSchema, respondToRecall } from './recall-document';

export function registerRoutingRoutes(api: ApiRouter, deps: WorkflowDeps): void {
  api.add({
    method: 'post', path: '/documents/:id/recall', tag: 'dispatch', auth: true, params: idParams, body: recallSchema,
    summary: 'Thu hồi văn bản đã phát hành: bản của nơi nhận bị rút lại, nơi nhận được báo (mã 13)',
    responses: { 200: { description: 'Đã thu hồi', schema: documentViewSchema } },
    handler: async ({ session, params, body }) => ({ body: presentDocument(await recallDocument(deps, session.actor, params.id, body), session.actor) }),
  });

  api.add({
    method: 'post', path: '/documents/:id/recall-response', tag: 'dispatch', auth: true, params: idParams, body: recallResponseSchema,
    summary: 'Nơi nhận xác nhận (mã 15) hoặc từ chối (mã 16) yêu cầu thu hồi',
    responses: { 200: { description: 'Đã phản hồi', schema: documentViewSchema } },
    handler: async ({ session, params, body }) => ({ body: presentDocument(await respondToRecall(deps, session.actor, params.id, body), session.actor) }),
  });
}
