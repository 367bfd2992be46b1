import type { z } from 'zod';
import { submitSchema } from '../contract/documents';
import { type Actor } from '../shared/actor';
import { findColleagueWithRole } from '../users/staff-lookup';
import { inTransaction } from '../shared/unit-of-work';
import { lockDocumentFor } from '../document-core/document-access';
import { requireDocumentTransition } from '../document-core/document-workflow';
import { documentLabel, documentRef } from '../document-core/document-ref';
import { updateDocument, type DocumentRow } from '../document-core/documents.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';

export { submitSchema };

/**
 * Puts a document before a leader: a registered incoming document (by the clerk) for direction, or
 * a draft (by its drafter) for approval and signature.
 */
export async function submitDocument(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, documentId: string, input: z.infer<typeof submitSchema>): Promise<DocumentRow> {
  return inTransaction(deps, async (uow) => {
    const doc = await lockDocumentFor(uow.trx, actor, documentId);
    const status = requireDocumentTransition(doc, actor, 'submit');
    const leader = await findColleagueWithRole(uow.trx, doc.organization_id, input.leaderId, 'leader', 'lãnh đạo');
    const updated = await updateDocument(uow.trx, doc.id, { status, leader_id: leader.id, return_reason: null });
    await uow.notify([leader.id], 'inbox:new', { ...documentRef(updated), reason: 'submitted' });
    await uow.audit({
      actorId: actor.userId,
      organizationId: doc.organization_id,
      action: 'document.submit',
      objectType: 'document',
      objectId: doc.id,
      summary: `Trình ${leader.full_name}: ${documentLabel(doc)}`,
      data: { leaderId: leader.id },
    });
    return updated;
  });
}
