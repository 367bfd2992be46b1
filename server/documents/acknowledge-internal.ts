import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { inTransaction } from '../shared/unit-of-work';
import { loadDocumentFor } from '../document-core/document-access';
import { documentLabel } from '../document-core/document-ref';
import { acknowledgeInternalDelivery } from '../document-core/documents.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';

/** A unit member or person who received an issued document inside the agency confirms receipt. */
export async function acknowledgeInternal(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, documentId: string): Promise<void> {
  const doc = await loadDocumentFor(deps.db, actor, documentId);
  await inTransaction(deps, async (uow) => {
    if ((await acknowledgeInternalDelivery(uow.trx, doc.id, actor.userId)) === 0) throw new AppError('INVALID_STATE', 'Không có văn bản nội bộ nào chờ bạn xác nhận');
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'internal.acknowledge', objectType: 'document', objectId: doc.id, summary: `Xác nhận đã nhận: ${documentLabel(doc)}` });
  });
}
