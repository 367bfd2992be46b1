import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Actor } from '../shared/actor';
import { requireRole } from '../shared/actor';
import type { UploadedFile } from '../documents/multipart-upload';
import { signatureImageOf, signedAsOf, withPlacement, type signSchema } from '../documents/sign-document';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { discardBlob } from '../document-core/stored-files';
import { AppError } from '../shared/errors';
import { inTransaction } from '../shared/unit-of-work';
import { unlockUserKey } from '../signing-keys/unlock-key';
import { lockDossierFor, loadDossierFor, requireParticipant } from './dossier-access';
import { OPEN_STATES } from './dossier-workflow';
import { findAttachment, insertAttachment, updateAttachment } from './dossiers.repository';

/** A PDF kept in the dossier (a note, a minute, a working paper). */
export async function addAttachment(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, id: string, file: UploadedFile): Promise<string> {
  return inTransaction(deps, async (uow) => {
    const d = await lockDossierFor(uow.trx, actor, id);
    requireParticipant(actor, d);
    if (!OPEN_STATES.includes(d.status)) throw new AppError('INVALID_STATE', 'Không thể thêm tệp khi hồ sơ đã trình, đã kết thúc hoặc đã hủy');
    const attachmentId = randomUUID();
    await insertAttachment(uow.trx, { id: attachmentId, dossier_id: d.id, file_key: file.blob.key, file_name: file.filename, size: file.blob.size, sha256: file.blob.sha256, added_by: actor.userId });
    await uow.audit({ actorId: actor.userId, organizationId: d.organization_id, action: 'dossier.attach', objectType: 'dossier', objectId: d.id, summary: `Thêm tệp vào hồ sơ: ${file.filename}`, data: { attachmentId, sha256: file.blob.sha256 } });
    return attachmentId;
  });
}

export async function loadAttachment(deps: Pick<WorkflowDeps, 'db'>, actor: Actor, id: string, attachmentId: string) {
  const d = await loadDossierFor(deps.db, actor, id);
  const a = /^[0-9a-f-]{36}$/i.test(attachmentId) ? await findAttachment(deps.db, attachmentId) : undefined;
  if (!a || a.dossier_id !== d.id) throw new AppError('NOT_FOUND', 'Không tìm thấy tệp trong hồ sơ');
  return a;
}

/** The dossier's approving leader signs a PDF attachment with their key (PIN), as a new file of the dossier. */
export async function signAttachment(deps: Pick<WorkflowDeps, 'blobs' | 'db' | 'images' | 'now' | 'publisher' | 'serverSecret' | 'signing'>, actor: Actor, id: string, attachmentId: string, input: z.infer<typeof signSchema>): Promise<void> {
  requireRole(actor, 'leader');
  const d = await loadDossierFor(deps.db, actor, id);
  if (d.approver_id !== actor.userId) throw new AppError('FORBIDDEN', 'Chỉ lãnh đạo duyệt hồ sơ được ký tệp của hồ sơ');
  const a = await loadAttachment(deps, actor, id, attachmentId);
  if (a.signed_by) throw new AppError('INVALID_STATE', 'Tệp đã được ký');
  const signer = await unlockUserKey(deps, actor.userId, input.pin);
  const image = await signatureImageOf(deps, actor.userId);
  // A dossier's file is approved in the leader's own name: the image alone, over their printed name.
  const own = { ...(await signedAsOf(deps, actor.userId)), capacity: null, onBehalfOf: null };
  const signed = await withPlacement(own, { page: input.page, rect: input.rect, anchor: input.anchor }, (placement) =>
    deps.signing.signAsLeader({ sourceKey: a.file_key, signer, image, placement, signingTime: deps.now(), reason: 'Lãnh đạo duyệt hồ sơ ký' }),
  );
  try {
    await inTransaction(deps, async (uow) => {
      const locked = await lockDossierFor(uow.trx, actor, id);
      const again = await findAttachment(uow.trx, attachmentId);
      if (again.signed_by || again.file_key !== a.file_key) throw new AppError('INVALID_STATE', 'Tệp đã thay đổi trong lúc ký; hãy ký lại');
      await updateAttachment(uow.trx, attachmentId, { file_key: signed.key, size: signed.size, sha256: signed.sha256, signed_by: actor.userId, signed_at: deps.now() });
      await uow.audit({ actorId: actor.userId, organizationId: locked.organization_id, action: 'dossier.sign_attachment', objectType: 'dossier', objectId: locked.id, summary: `Lãnh đạo ký số tệp ${a.file_name}`, data: { attachmentId, sha256: signed.sha256, before: a.sha256 } });
    });
  } catch (err) {
    await discardBlob(deps.db, deps.blobs, signed.key).catch(() => undefined);
    throw err;
  }
}

export { requireParticipant };
