import type { Actor } from '../shared/actor';
import { inTransaction } from '../shared/unit-of-work';
import { lockDocumentFor } from '../document-core/document-access';
import { requireDocumentTransition } from '../document-core/document-workflow';
import { documentLabel } from '../document-core/document-ref';
import { updateDocument, type DocumentRow } from '../document-core/documents.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';

/** The leader to whom a draft was submitted approves its content (signature follows). */
export async function approveDraft(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, documentId: string): Promise<DocumentRow> {
  return inTransaction(deps, async (uow) => {
    const doc = await lockDocumentFor(uow.trx, actor, documentId);
    const updated = await updateDocument(uow.trx, doc.id, { status: requireDocumentTransition(doc, actor, 'approve') });
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'draft.approve', objectType: 'document', objectId: doc.id, summary: `Duyệt dự thảo: ${documentLabel(doc)}` });
    return updated;
  });
}
