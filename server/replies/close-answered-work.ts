import { randomUUID } from 'node:crypto';
import type { Actor } from '../shared/actor';
import { insertAssignmentUpdate, openAssignmentsOfDocument, unitMemberIds, updateAssignment } from '../assignments/assignments.repository';
import { documentRef } from '../document-core/document-ref';
import { findDocument, updateDocument, type DocumentRow } from '../document-core/documents.repository';
import { DELIVERY_STATUS } from '../routing/delivery-codes';
import { changeDeliveryStatus } from '../routing/delivery-status';
import { relayDeliveryStatus } from '../exchange/relay-status';
import type { UnitOfWork } from '../shared/unit-of-work';

/**
 * Issuing a reply closes the loop on what it answers (`answeredIds`, read with the lock of
 * the reply), in the transaction: each answered incoming document's lead work is completed
 * with the reply's number as its result (the follow-up register's reply column), and when no lead
 * or coordinating work stays open the document is done and its sender told so.
 */
export async function closeAnsweredWork(uow: UnitOfWork, actor: Actor, reply: DocumentRow, symbol: string, now: Date, answeredIds: readonly string[]): Promise<void> {
  for (const incomingId of answeredIds) {
    const incoming = await findDocument(uow.trx, incomingId);
    if (!incoming) continue;
    const result = `Đã trả lời bằng văn bản số ${symbol}`;
    const completed: string[] = [];
    for (const a of await openAssignmentsOfDocument(uow.trx, incomingId)) {
      if (a.role !== 'lead') continue;
      await updateAssignment(uow.trx, a.id, { status: 'completed', percent: 100, result, completed_at: now });
      await insertAssignmentUpdate(uow.trx, { id: randomUUID(), assignment_id: a.id, author_id: actor.userId, note: result, percent: 100 });
      const watchers = [...(a.assignee_user_id ? [a.assignee_user_id] : a.assignee_unit_id ? await unitMemberIds(uow.trx, a.assignee_unit_id) : []), ...(incoming.leader_id ? [incoming.leader_id] : [])];
      await uow.notify(watchers, 'assignment:updated', { ...documentRef(incoming), assignmentId: a.id, status: 'completed', percent: 100, note: result, overdue: a.overdue });
      completed.push(a.id);
    }
    const remaining = await openAssignmentsOfDocument(uow.trx, incomingId);
    if (remaining.length === 0 && ['directed', 'in_progress'].includes(incoming.status)) {
      await updateDocument(uow.trx, incomingId, { status: 'completed' });
      await changeDeliveryStatus(uow, actor, incoming.source_delivery_id, DELIVERY_STATUS.completed, null, relayDeliveryStatus);
    }
    await uow.audit({
      actorId: actor.userId,
      organizationId: incoming.organization_id,
      action: 'document.replied',
      objectType: 'document',
      objectId: incomingId,
      summary: `Đã trả lời bằng văn bản số ${symbol}${completed.length ? '; nhiệm vụ chủ trì hoàn thành' : ''}`,
      data: { replyId: reply.id, symbol, completedAssignments: completed },
    });
  }
}
