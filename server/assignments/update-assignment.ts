import { randomUUID } from 'node:crypto';
import { isUuid } from '../shared/ids';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { completeSchema, progressSchema } from '../contract/assignments';
import type { Actor } from '../shared/actor';
import { documentRef } from '../document-core/document-ref';
import { findDocument, updateDocument } from '../document-core/documents.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { AppError } from '../shared/errors';
import { DELIVERY_STATUS } from '../routing/delivery-codes';
import { changeDeliveryStatus } from '../routing/delivery-status';
import { relayDeliveryStatus } from '../exchange/relay-status';
import { inTransaction } from '../shared/unit-of-work';
import { findUserById } from '../users/users.repository';
import { requireAssignmentTransition, type AssignmentAction } from './assignment-workflow';
import { insertAssignmentUpdate, lockAssignment, openAssignmentsOfDocument, unitMemberIds, updateAssignment, type AssignmentRow } from './assignments.repository';

export { completeSchema, progressSchema };

/** Locks the assignment and checks the action against the assignment table; returns it with the state it moves to. */
async function lockOwnAssignment(trx: Knex.Transaction, actor: Actor, id: string, action: AssignmentAction): Promise<{ assignment: AssignmentRow; to: AssignmentRow['status'] }> {
  const assignment = isUuid(id) ? await lockAssignment(trx, id) : undefined;
  if (!assignment || assignment.organization_id !== actor.organizationId) throw new AppError('NOT_FOUND', 'Không tìm thấy nhiệm vụ');
  const me = await findUserById(trx, actor.userId);
  return { assignment, to: requireAssignmentTransition(assignment, actor, me?.unit_id ?? null, action) };
}

async function watchersOf(trx: Knex.Transaction, a: AssignmentRow, leaderId: string | null): Promise<string[]> {
  const assignees = a.assignee_user_id ? [a.assignee_user_id] : a.assignee_unit_id ? await unitMemberIds(trx, a.assignee_unit_id) : [];
  return [...assignees, ...(leaderId ? [leaderId] : [])];
}

/** An assignee records progress; the first report moves the document (and the sender's delivery) to "in progress". */
export async function recordProgress(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, assignmentId: string, input: z.infer<typeof progressSchema>): Promise<AssignmentRow> {
  return inTransaction(deps, async (uow) => {
    const { assignment: a, to } = await lockOwnAssignment(uow.trx, actor, assignmentId, 'progress');
    const updated = await updateAssignment(uow.trx, a.id, { status: to, percent: input.percent ?? a.percent });
    await insertAssignmentUpdate(uow.trx, { id: randomUUID(), assignment_id: a.id, author_id: actor.userId, note: input.note, percent: input.percent ?? null });
    const doc = (await findDocument(uow.trx, a.document_id))!;
    if (doc.status === 'directed') await updateDocument(uow.trx, doc.id, { status: 'in_progress' });
    await changeDeliveryStatus(uow, actor, doc.source_delivery_id, DELIVERY_STATUS.inProgress, null, relayDeliveryStatus);
    await uow.notify(await watchersOf(uow.trx, a, doc.leader_id), 'assignment:updated', { ...documentRef(doc), assignmentId: a.id, status: updated.status, percent: updated.percent, note: input.note, overdue: updated.overdue });
    await uow.audit({ actorId: actor.userId, organizationId: a.organization_id, action: 'assignment.progress', objectType: 'document', objectId: doc.id, summary: `Cập nhật tiến độ${input.percent !== undefined ? ` ${input.percent}%` : ''}: ${input.note}`, data: { assignmentId: a.id } });
    return updated;
  });
}

/** An assignee completes with a result; when no lead or coordinator work remains open, the document is done (06). */
export async function completeAssignment(deps: Pick<WorkflowDeps, 'blobs' | 'db' | 'now' | 'publisher'>, actor: Actor, assignmentId: string, input: z.infer<typeof completeSchema>): Promise<AssignmentRow> {
  for (const key of input.fileKeys) if (!(await deps.blobs.has(key))) throw new AppError('VALIDATION_FAILED', `Không tìm thấy tệp kết quả ${key.slice(0, 12)}…`);
  return inTransaction(deps, async (uow) => {
    const { assignment: a, to } = await lockOwnAssignment(uow.trx, actor, assignmentId, 'complete');
    const now = deps.now();
    const updated = await updateAssignment(uow.trx, a.id, { status: to, percent: 100, result: input.result, result_file_keys: input.fileKeys, completed_at: now });
    await insertAssignmentUpdate(uow.trx, { id: randomUUID(), assignment_id: a.id, author_id: actor.userId, note: `Hoàn thành: ${input.result}`, percent: 100 });
    const doc = (await findDocument(uow.trx, a.document_id))!;
    const remaining = await openAssignmentsOfDocument(uow.trx, doc.id);
    if (remaining.length === 0) {
      await updateDocument(uow.trx, doc.id, { status: 'completed' });
      await changeDeliveryStatus(uow, actor, doc.source_delivery_id, DELIVERY_STATUS.completed, null, relayDeliveryStatus);
    } else {
      if (doc.status === 'directed') await updateDocument(uow.trx, doc.id, { status: 'in_progress' });
      await changeDeliveryStatus(uow, actor, doc.source_delivery_id, DELIVERY_STATUS.inProgress, null, relayDeliveryStatus);
    }
    await uow.notify(await watchersOf(uow.trx, a, doc.leader_id), 'assignment:updated', { ...documentRef(doc), assignmentId: a.id, status: 'completed', percent: 100, note: input.result, overdue: updated.overdue });
    const late = a.deadline && now.getTime() > new Date(a.deadline).getTime();
    await uow.audit({ actorId: actor.userId, organizationId: a.organization_id, action: 'assignment.complete', objectType: 'document', objectId: doc.id, summary: `Hoàn thành nhiệm vụ${late ? ' (quá hạn)' : ''}: ${input.result}`, data: { assignmentId: a.id, late: Boolean(late) } });
    return updated;
  });
}
