import type { z } from 'zod';
import { recallResponseSchema, recallSchema } from '../contract/documents';
import type { Actor } from '../shared/actor';
import { lockDocumentFor } from '../document-core/document-access';
import { requireDocumentTransition } from '../document-core/document-workflow';
import { documentLabel, documentRef } from '../document-core/document-ref';
import { findDocument, updateDocument, type DocumentRow } from '../document-core/documents.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { AppError } from '../shared/errors';
import { inTransaction } from '../shared/unit-of-work';
import { usersWithRole } from '../users/staff-lookup';
import { assigneesOfDocument, unitMemberIds } from '../assignments/assignments.repository';
import { DELIVERY_STATUS } from '../routing/delivery-codes';
import { changeDeliveryStatus } from '../routing/delivery-status';
import { relayDeliveryStatus } from '../exchange/relay-status';
import { findDelivery, listDeliveriesOf } from '../routing/deliveries.repository';

export { recallResponseSchema, recallSchema };

/** Everyone at the recipient who holds the copy: its clerks and anyone it was assigned to. */
async function holdersOf(trx: Parameters<typeof usersWithRole>[0], copy: DocumentRow): Promise<string[]> {
  const clerks = (await usersWithRole(trx, copy.organization_id, 'clerk')).map((u) => u.id);
  const assignments = await assigneesOfDocument(trx, copy.id);
  const assignees: string[] = [];
  for (const a of assignments) {
    if (a.assignee_user_id) assignees.push(a.assignee_user_id);
    if (a.assignee_unit_id) assignees.push(...(await unitMemberIds(trx, a.assignee_unit_id)));
  }
  return [...clerks, ...assignees, ...(copy.leader_id ? [copy.leader_id] : [])];
}

/**
 * The sender recalls (thu hồi) an issued document: its own copy is frozen, every recipient's copy is
 * withdrawn at once and they are told (status 13); each recipient then confirms (15) or refuses (16).
 */
export async function recallDocument(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, documentId: string, input: z.infer<typeof recallSchema>): Promise<DocumentRow> {
  return inTransaction(deps, async (uow) => {
    const doc = await lockDocumentFor(uow.trx, actor, documentId);
    const updated = await updateDocument(uow.trx, doc.id, { status: requireDocumentTransition(doc, actor, 'recall'), return_reason: input.reason });
    for (const delivery of await listDeliveriesOf(uow.trx, doc.id)) {
      await changeDeliveryStatus(uow, actor, delivery.id, DELIVERY_STATUS.recallRequested, input.reason, relayDeliveryStatus);
      const copy = delivery.recipient_document_id ? await findDocument(uow.trx, delivery.recipient_document_id) : undefined;
      if (!copy) continue;
      await updateDocument(uow.trx, copy.id, { status: 'withdrawn', return_reason: input.reason });
      await uow.notify(await holdersOf(uow.trx, copy), 'document:recalled', { ...documentRef(copy), reason: input.reason });
    }
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'document.recall', objectType: 'document', objectId: doc.id, summary: `Thu hồi văn bản ${documentLabel(doc)}. Lý do: ${input.reason}` });
    return updated;
  });
}

/** The recipient's clerk confirms the recall (15) or refuses it with a reason (16). */
export async function respondToRecall(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, documentId: string, input: z.infer<typeof recallResponseSchema>): Promise<DocumentRow> {
  if (!input.accept && !input.reason) throw new AppError('VALIDATION_FAILED', 'Cần nêu lý do từ chối thu hồi');
  return inTransaction(deps, async (uow) => {
    const copy = await lockDocumentFor(uow.trx, actor, documentId);
    requireDocumentTransition(copy, actor, input.accept ? 'recall_accept' : 'recall_refuse');
    const delivery = copy.source_delivery_id ? await findDelivery(uow.trx, copy.source_delivery_id) : undefined;
    if (!delivery || delivery.status !== DELIVERY_STATUS.recallRequested) throw new AppError('INVALID_STATE', 'Không có yêu cầu thu hồi đang chờ xác nhận');
    await changeDeliveryStatus(uow, actor, delivery.id, input.accept ? DELIVERY_STATUS.recallAccepted : DELIVERY_STATUS.recallRefused, input.reason ?? null, relayDeliveryStatus);
    await uow.audit({ actorId: actor.userId, organizationId: copy.organization_id, action: input.accept ? 'recall.accept' : 'recall.refuse', objectType: 'document', objectId: copy.id, summary: input.accept ? 'Xác nhận huỷ bản nhận theo yêu cầu thu hồi' : `Từ chối thu hồi: ${input.reason}` });
    return copy;
  });
}
