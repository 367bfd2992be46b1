import { z } from 'zod';
import type { ApiRouter } from '../http/api-router';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { vietnamDate } from '../shared/vietnam-time';
import { pendingConsultationsFor, answerConsultation, answerSchema, consultationsOf, consultationViewSchema, consultSchema, requestOpinions } from './consultations';

const idParams = z.object({ id: z.string().min(1).max(64) });
const listSchema = z.object({ items: z.array(consultationViewSchema) });

/** Xin ý kiến on drafts. */
export function registerConsultationRoutes(api: ApiRouter, deps: WorkflowDeps): void {
  api.add({
    method: 'get', path: '/documents/:id/consultations', tag: 'outgoing', auth: true, params: idParams,
    summary: 'Các lần xin ý kiến về dự thảo và ý kiến đã nhận',
    responses: { 200: { description: 'Danh sách', schema: listSchema } },
    handler: async ({ session, params }) => ({ body: { items: await consultationsOf(deps.db, session.actor, params.id, vietnamDate(deps.now())) } }),
  });
  api.add({
    method: 'post', path: '/documents/:id/consultations', tag: 'outgoing', auth: true, params: idParams, body: consultSchema,
    summary: 'Người soạn xin ý kiến người hoặc đơn vị về dự thảo, có hạn',
    responses: { 201: { description: 'Đã gửi', schema: listSchema } },
    handler: async ({ session, params, body }) => {
      await requestOpinions(deps, session.actor, params.id, body);
      return { status: 201, body: { items: await consultationsOf(deps.db, session.actor, params.id, vietnamDate(deps.now())) } };
    },
  });
  api.add({
    method: 'get', path: '/consultations/pending', tag: 'outgoing', auth: true,
    summary: 'Các dự thảo đang chờ người dùng góp ý',
    responses: { 200: { description: 'Danh sách', schema: z.object({ items: z.array(z.object({ id: z.string(), question: z.string(), deadline: z.string().nullable(), documentId: z.string(), subject: z.string(), requestedBy: z.string() })) }) } },
    handler: async ({ session }) => ({ body: { items: await pendingConsultationsFor(deps.db, session.actor) } }),
  });
  api.add({
    method: 'post', path: '/consultations/:id/answer', tag: 'outgoing', auth: true, params: idParams, body: answerSchema,
    summary: 'Người được xin ý kiến góp ý; ý kiến được ghi vào lịch sử dự thảo',
    responses: { 200: { description: 'Đã góp ý', schema: z.object({ ok: z.literal(true) }) } },
    handler: async ({ session, params, body }) => {
      await answerConsultation(deps, session.actor, params.id, body);
      return { body: { ok: true as const } };
    },
  });
}
