import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { placementSchema, signSchema } from '../contract/documents';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { inTransaction } from '../shared/unit-of-work';
import { usersWithRole } from '../users/staff-lookup';
import { findUserById } from '../users/users.repository';
import { missingIssueFields, type IssueFieldNames, type Placement, type SignatureBlock } from '../signing-keys/document-signing';
import type { SignedAs } from '../contract/documents';
import { unlockUserKey } from '../signing-keys/unlock-key';
import { loadDocumentFor, lockDocumentFor } from '../document-core/document-access';
import { documentMayTake, requireDocumentTransition } from '../document-core/document-workflow';
import { documentLabel, documentRef } from '../document-core/document-ref';
import { insertVersion, updateDocument, type DocumentRow } from '../document-core/documents.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import type { BlobInfo } from '../../storage';

export { placementSchema, signSchema };

export async function loadSignable(deps: Pick<WorkflowDeps, 'db'>, actor: Actor, documentId: string): Promise<DocumentRow> {
  const doc = await loadDocumentFor(deps.db, actor, documentId);
  requireDocumentTransition(doc, actor, 'sign');
  return doc;
}

/** The signature block's usual place on an A4 page (bottom right) when the printed name is not found. */
const USUAL_BLOCK: Placement = { page: -1, rect: [330, 110, 200, 80] };

const upper = (s: string): string => s.trim().toLocaleUpperCase('vi');

/**
 * How the leader signs, as Decree 30 prints the block: their own title; signing on behalf of the
 * head (users.signs_for_id, migration 017), the authority line first — "KT. CHỦ TỊCH" then
 * "PHÓ CHỦ TỊCH"; an acting head ("Q.") has the one line "Q. CHỦ TỊCH".
 */
export async function signedAsOf(deps: Pick<WorkflowDeps, 'db'>, userId: string): Promise<SignedAs> {
  const me = await findUserById(deps.db, userId);
  if (!me) throw new AppError('USER_NOT_FOUND', 'Không tìm thấy người ký');
  const head = me.signs_for_id && me.signing_capacity ? await findUserById(deps.db, me.signs_for_id) : undefined;
  if (!head || !me.signing_capacity) return { fullName: me.full_name, position: me.position, capacity: null, onBehalfOf: null, lines: me.position.trim() ? [upper(me.position)] : [] };
  const authority = `${me.signing_capacity}. ${upper(head.position)}`;
  const lines = me.signing_capacity === 'Q' || !me.position.trim() ? [authority] : [authority, upper(me.position)];
  return { fullName: me.full_name, position: me.position, capacity: me.signing_capacity, onBehalfOf: { fullName: head.full_name, position: head.position }, lines };
}

/** The block the signature appearance must show: only when signing on behalf (otherwise the image alone, between the draft's printed lines). */
export const signatureBlockOf = (signedAs: SignedAs): SignatureBlock | undefined =>
  signedAs.capacity ? { above: signedAs.lines, name: signedAs.fullName, notPrinted: signedAs.onBehalfOf ? [signedAs.onBehalfOf.fullName] : [] } : undefined;

/**
 * Where the leader's signature goes: what the client chose; else over the leader's printed name;
 * else, for a draft that does not print the name, the usual signature block of the last page (sized
 * by the library when the appearance carries the whole block of one signing on behalf).
 */
export async function withPlacement<T>(signedAs: SignedAs, chosen: Placement, sign: (placement: Placement) => Promise<T>): Promise<T> {
  if (chosen.rect || chosen.anchor) return sign(chosen);
  try {
    return await sign({ ...chosen, anchor: signedAs.fullName });
  } catch (err) {
    if ((err as { code?: string }).code !== 'SIGN_ANCHOR_NOT_FOUND') throw err;
    if (signatureBlockOf(signedAs)) return sign({ page: chosen.page });
    return sign(chosen.page ? { ...USUAL_BLOCK, page: chosen.page } : USUAL_BLOCK);
  }
}

/** The number/date fields the leader's update lays over the draft's printed blanks, unless the draft has its own. */
export async function issueFieldsFor(deps: Pick<WorkflowDeps, 'signing'>, doc: DocumentRow): Promise<IssueFieldNames | undefined> {
  return doc.file_key ? missingIssueFields(await deps.signing.listTextFields(doc.file_key)) : undefined;
}

export async function signatureImageOf(deps: Pick<WorkflowDeps, 'db' | 'images'>, userId: string): Promise<Buffer | null> {
  const me = await findUserById(deps.db, userId);
  return me?.signature_image_key ? deps.images.read(me.signature_image_key) : null;
}

/** Records the leader-signed file as the new version; the clerks see it ready to issue. */
export async function recordLeaderSignature(deps: Pick<WorkflowDeps, 'db' | 'now' | 'publisher'>, actor: Actor, documentId: string, expectedKey: string, signed: BlobInfo, signedAs: SignedAs): Promise<DocumentRow> {
  return inTransaction(deps, async (uow) => {
    const doc = await lockDocumentFor(uow.trx, actor, documentId);
    // The file must not have changed between reading it for signing and recording the result.
    if (doc.file_key !== expectedKey || !documentMayTake(doc, actor, 'sign')) throw new AppError('INVALID_STATE', 'Văn bản đã thay đổi trong lúc ký; hãy ký lại');
    const version = (doc.current_version ?? 0) + 1;
    // The signature's update (ours, also when an outside service made the CMS) adds annotations and fields, never page
    // content: search reuses the unsigned file's text rather than extracting again (see pdfTextJob).
    await insertVersion(uow.trx, { id: randomUUID(), document_id: doc.id, version, file_key: signed.key, file_name: doc.file_name ?? 'van-ban.pdf', size: signed.size, kind: 'signed', note: 'Lãnh đạo đã ký số', created_by: actor.userId }, [], expectedKey);
    const now = deps.now();
    const updated = await updateDocument(uow.trx, doc.id, { status: requireDocumentTransition(doc, actor, 'sign'), file_key: signed.key, current_version: version, signed_by: actor.userId, signed_at: now, signed_as: JSON.stringify(signedAs) as unknown as SignedAs });
    const clerks = await usersWithRole(uow.trx, doc.organization_id, 'clerk');
    await uow.notify(clerks.map((c) => c.id), 'inbox:new', { ...documentRef(updated), reason: 'ready_to_issue' });
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'document.sign', objectType: 'document', objectId: doc.id, summary: `Lãnh đạo ký số${signedAs.capacity ? ` (${signedAs.lines[0]})` : ''}: ${documentLabel(doc)}`, data: { sha256: signed.sha256, version, signedAs: signedAs.lines } });
    return updated;
  });
}

/** The leader signs with the key the server holds for them, unlocked by their PIN. */
export async function signDocument(deps: Pick<WorkflowDeps, 'blobs' | 'db' | 'images' | 'now' | 'publisher' | 'serverSecret' | 'signing'>, actor: Actor, documentId: string, input: z.infer<typeof signSchema>): Promise<DocumentRow> {
  const doc = await loadSignable(deps, actor, documentId);
  const signer = await unlockUserKey(deps, actor.userId, input.pin);
  const image = await signatureImageOf(deps, actor.userId);
  const issueFields = await issueFieldsFor(deps, doc);
  const signedAs = await signedAsOf(deps, actor.userId);
  const signed = await withPlacement(signedAs, { page: input.page, rect: input.rect, anchor: input.anchor }, (placement) =>
    deps.signing.signAsLeader({ sourceKey: doc.file_key!, signer, image, placement, signingTime: deps.now(), reason: 'Phê duyệt, ký ban hành', issueFields, block: signatureBlockOf(signedAs) }),
  );
  return recordLeaderSignature(deps, actor, doc.id, doc.file_key!, signed, signedAs);
}
