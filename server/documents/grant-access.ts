import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { AppError, forbidden } from '../shared/errors';
import { inTransaction } from '../shared/unit-of-work';
import { findUserById } from '../users/users.repository';
import { loadDocumentFor } from '../document-core/document-access';
import { documentLabel } from '../document-core/document-ref';
import { isSecret, mayGrant } from '../document-core/secret-access';
import { deleteGrant, insertGrant, listGrants, loadAccessFacts, viewerFor } from '../document-core/secret-access.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';

export const grantSchema = z.object({ userId: z.uuid('Mã người dùng không hợp lệ') });

async function loadForGranting(deps: Pick<WorkflowDeps, 'db'>, actor: Actor, documentId: string) {
  const doc = await loadDocumentFor(deps.db, actor, documentId);
  const facts = await loadAccessFacts(deps.db, doc);
  if (!isSecret(facts)) throw new AppError('INVALID_STATE', 'Chỉ văn bản mật mới cần cấp quyền xem; văn bản thường cả cơ quan đều xem được');
  if (!mayGrant(await viewerFor(deps.db, actor), facts)) throw forbidden('Chỉ văn thư hoặc lãnh đạo được xem văn bản mật này mới được cấp quyền xem');
  return doc;
}

/** A clerk or leader who may see a secret document lets one more person of the agency see it. */
export async function grantAccess(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, documentId: string, userId: string): Promise<void> {
  const doc = await loadForGranting(deps, actor, documentId);
  const grantee = await findUserById(deps.db, userId);
  if (!grantee || grantee.organization_id !== doc.organization_id) throw new AppError('USER_NOT_FOUND', 'Không tìm thấy người dùng này trong cơ quan');
  await inTransaction(deps, async (uow) => {
    if (!(await insertGrant(uow.trx, { document_id: doc.id, user_id: grantee.id, granted_by: actor.userId }))) return;
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'access.grant', objectType: 'document', objectId: doc.id, summary: `Cấp quyền xem văn bản mật cho ${grantee.full_name}: ${documentLabel(doc)}`, data: { userId: grantee.id } });
  });
}

export async function revokeAccess(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, documentId: string, userId: string): Promise<void> {
  const doc = await loadForGranting(deps, actor, documentId);
  await inTransaction(deps, async (uow) => {
    if ((await deleteGrant(uow.trx, doc.id, userId)) === 0) throw new AppError('NOT_FOUND', 'Người này không được cấp quyền xem văn bản');
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'access.revoke', objectType: 'document', objectId: doc.id, summary: `Thu hồi quyền xem văn bản mật: ${documentLabel(doc)}`, data: { userId } });
  });
}

export const grantViewSchema = z.object({
  items: z.array(z.object({ userId: z.string(), userName: z.string(), grantedBy: z.string(), grantedByName: z.string(), grantedAt: z.string() })),
});

export async function listAccessGrants(deps: Pick<WorkflowDeps, 'db'>, actor: Actor, documentId: string): Promise<z.infer<typeof grantViewSchema>> {
  const doc = await loadForGranting(deps, actor, documentId);
  const rows = await listGrants(deps.db, doc.id);
  return { items: rows.map((r) => ({ userId: r.user_id, userName: r.user_name, grantedBy: r.granted_by, grantedByName: r.granted_by_name, grantedAt: new Date(r.created_at).toISOString() })) };
}
