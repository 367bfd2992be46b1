import { z } from 'zod';
import { type Actor } from '../auth/actor';
import { AppError } from '../shared/errors';
import { findColleagueWithRole } from '../users/staff-lookup';
import { inTransaction } from '../shared/unit-of-work';
import { lockDocumentFor, requireStatus } from './document-access';
import { documentLabel, documentRef } from './document-ref';
import { updateDocument, type DocumentRow } from './documents.repository';
import type { WorkflowDeps } from './workflow-deps';

export const submitSchema = z.object({ leaderId: z.uuid('leaderId phải là mã người dùng') });

/**
 * Puts a document before a leader: a registered incoming document (by the clerk) for direction, or
 * a draft (by its drafter) for approval and signature.
 */
export async function submitDocument(deps: WorkflowDeps, actor: Actor, documentId: string, input: z.infer<typeof submitSchema>): Promise<DocumentRow> {
  return inTransaction(deps, async (uow) => {
    const doc = await lockDocumentFor(uow.trx, actor, documentId);
    if (doc.direction === 'incoming') {
      if (!actor.roles.includes('clerk')) throw new AppError('FORBIDDEN', 'Chỉ văn thư trình văn bản đến');
      requireStatus(doc, ['registered'], 'trình lãnh đạo');
    } else {
      if (doc.created_by !== actor.userId) throw new AppError('FORBIDDEN', 'Chỉ người soạn thảo trình dự thảo của mình');
      requireStatus(doc, ['draft', 'returned'], 'trình ký');
      if (!doc.file_key && doc.secrecy === 'normal') throw new AppError('INVALID_STATE', 'Dự thảo chưa có tệp');
    }
    const leader = await findColleagueWithRole(uow.trx, doc.organization_id, input.leaderId, 'leader', 'lãnh đạo');
    const updated = await updateDocument(uow.trx, doc.id, { status: 'submitted', leader_id: leader.id, return_reason: null });
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
