import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { type Actor } from '../shared/actor';
import { DELIVERY_STATUS } from '../routing/delivery-codes';
import { changeDeliveryStatus } from '../routing/delivery-status';
import { relayDeliveryStatus } from '../exchange/relay-status';
import { inTransaction } from '../shared/unit-of-work';
import type { returnSchema } from './accept-incoming';
import { lockDocumentFor } from '../document-core/document-access';
import { requireDocumentTransition } from '../document-core/document-workflow';
import { documentLabel, documentRef } from '../document-core/document-ref';
import { insertComment, updateDocument, type DocumentRow } from '../document-core/documents.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';

/**
 * "Return" means two things in the workflow: a clerk refuses a wrong or invalid electronic
 * document (the sender gets status 02 with the reason), or a leader sends a draft back to its
 * drafter with comments.
 */
export async function returnDocument(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, documentId: string, input: z.infer<typeof returnSchema>): Promise<DocumentRow> {
  return inTransaction(deps, async (uow) => {
    const doc = await lockDocumentFor(uow.trx, actor, documentId);
    const status = requireDocumentTransition(doc, actor, 'return');
    if (doc.direction === 'incoming') {
      const updated = await updateDocument(uow.trx, doc.id, { status, return_reason: input.reason });
      await changeDeliveryStatus(uow, actor, doc.source_delivery_id, DELIVERY_STATUS.returned, input.reason, relayDeliveryStatus);
      await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'incoming.return', objectType: 'document', objectId: doc.id, summary: `Trả lại văn bản cho nơi gửi: ${documentLabel(doc)}. Lý do: ${input.reason}` });
      return updated;
    }
    const updated = await updateDocument(uow.trx, doc.id, { status, return_reason: input.reason });
    await insertComment(uow.trx, { id: randomUUID(), document_id: doc.id, author_id: actor.userId, body: input.reason });
    if (doc.created_by) await uow.notify([doc.created_by], 'inbox:new', { ...documentRef(doc), reason: 'returned' });
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'draft.return', objectType: 'document', objectId: doc.id, summary: `Trả lại dự thảo kèm ý kiến: ${input.reason}` });
    return updated;
  });
}
