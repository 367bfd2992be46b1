import type { Actor } from '../shared/actor';
import { registerFor } from '../registers/default-registers';
import { takeNextNumber } from '../registers/registers.repository';
import { formatNumber } from '../registers/symbol';
import { DELIVERY_STATUS } from '../routing/delivery-codes';
import { changeDeliveryStatus } from '../routing/delivery-status';
import { relayDeliveryStatus } from '../exchange/relay-status';
import { inTransaction } from '../shared/unit-of-work';
import { vietnamYear } from '../shared/vietnam-time';
import { lockDocumentFor } from '../document-core/document-access';
import { requireDocumentTransition } from '../document-core/document-workflow';
import { documentLabel } from '../document-core/document-ref';
import { updateDocument, type DocumentRow } from '../document-core/documents.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';

/** The clerk accepts an electronic document: it is registered with the next arrival number; the sender sees 03. */
export async function acceptIncoming(deps: Pick<WorkflowDeps, 'db' | 'now' | 'publisher'>, actor: Actor, documentId: string): Promise<DocumentRow> {
  return inTransaction(deps, async (uow) => {
    const doc = await lockDocumentFor(uow.trx, actor, documentId);
    const status = requireDocumentTransition(doc, actor, 'accept');
    const now = deps.now();
    const year = vietnamYear(now);
    const register = await registerFor(uow.trx, doc.organization_id, 'incoming', doc.doc_type, doc.secrecy !== 'normal');
    const arrivalNumber = await takeNextNumber(uow.trx, register.id, year);
    const updated = await updateDocument(uow.trx, doc.id, { status, register_id: register.id, register_year: year, arrival_number: arrivalNumber, arrival_at: now, created_by: actor.userId });
    await changeDeliveryStatus(uow, actor, doc.source_delivery_id, DELIVERY_STATUS.accepted, null, relayDeliveryStatus);
    await uow.audit({
      actorId: actor.userId,
      organizationId: doc.organization_id,
      action: 'incoming.accept',
      objectType: 'document',
      objectId: doc.id,
      summary: `Tiếp nhận, vào sổ văn bản đến số ${formatNumber(arrivalNumber)}: ${documentLabel(doc)}`,
      data: { arrivalNumber, year, register: register.code },
    });
    return updated;
  });
}

export { returnSchema } from '../contract/documents';
