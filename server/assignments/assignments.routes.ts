import { assignmentResultSchema } from '../contract/assignments';
import { documentViewSchema } from '../contract/documents';
import { z } from 'zod';
import { presentDocument } from '../document-core/document.presenter';
import { idParams } from '../document-core/id-params';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import type { ApiRouter } from '../http/api-router';
import { directDocument, directionSchema } from './direct-document';
import { completeAssignment, completeSchema, progressSchema, recordProgress } from './update-assignment';
import type { AssignmentRow } from './assignments.repository';

const presentAssignment = (a: AssignmentRow) => ({
  id: a.id,
  documentId: a.document_id,
  role: a.role,
  status: a.status,
  percent: a.percent,
  deadline: a.deadline ? new Date(a.deadline).toISOString() : null,
  overdue: a.overdue,
  result: a.result,
  completedAt: a.completed_at ? new Date(a.completed_at).toISOString() : null,
});

export function registerAssignmentRoutes(api: ApiRouter, deps: WorkflowDeps): void {
  api.add({
    method: 'post', path: '/documents/:id/direction', tag: 'direction', auth: true, params: idParams, body: directionSchema,
    summary: 'Lãnh đạo cho ý kiến chỉ đạo: chủ trì, phối hợp, để biết, hạn xử lý; có thể chuyển cho cơ quan cấp dưới',
    responses: { 200: { description: 'Đã giao', schema: documentViewSchema } },
    handler: async ({ session, params, body }) => ({ body: presentDocument(await directDocument(deps, session.actor, params.id, body), session.actor) }),
  });

  api.add({
    method: 'post', path: '/assignments/:id/progress', tag: 'direction', auth: true, params: z.object({ id: z.string().max(64) }), body: progressSchema,
    summary: 'Cập nhật tiến độ xử lý nhiệm vụ được giao',
    responses: { 200: { description: 'Đã cập nhật', schema: assignmentResultSchema } },
    handler: async ({ session, params, body }) => ({ body: presentAssignment(await recordProgress(deps, session.actor, params.id, body)) }),
  });

  api.add({
    method: 'post', path: '/assignments/:id/complete', tag: 'direction', auth: true, params: z.object({ id: z.string().max(64) }), body: completeSchema,
    summary: 'Hoàn thành nhiệm vụ, kèm kết quả (văn bản và tệp đã tải lên)',
    responses: { 200: { description: 'Đã hoàn thành', schema: assignmentResultSchema } },
    handler: async ({ session, params, body }) => ({ body: presentAssignment(await completeAssignment(deps, session.actor, params.id, body)) }),
  });
}
