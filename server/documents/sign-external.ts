import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { inTransaction } from '../shared/unit-of-work';
import { issueFieldsFor, withPlacement, loadSignable, placementSchema, recordLeaderSignature, signatureBlockOf, signatureImageOf, signedAsOf } from './sign-document';
import type { DocumentRow } from '../document-core/documents.repository';
import type { SignedAs } from '../contract/documents';
import { discardBlob } from '../document-core/stored-files';
import { deleteSigningSession, findSigningSession, insertSigningSession } from '../signing-keys/signing-keys.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { X509Certificate } from 'node:crypto';
import { fingerprintOf, registeredFingerprints } from '../signing-keys/registered-certificates';
import { requireValidSignatures } from './signature-checks';

const pem = z.string().trim().regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, 'Cần chứng thư dạng PEM');

export const prepareSchema = placementSchema.extend({ certificate: pem, chain: z.array(pem).max(10).default([]) });
export const completeSchema = z
  .object({ sessionId: z.uuid(), signatureValue: z.base64().optional(), cms: z.base64().optional() })
  .refine((v) => Boolean(v.signatureValue) !== Boolean(v.cms), { message: 'Gửi đúng một trong hai: signatureValue (chữ ký trên thuộc tính đã ký) hoặc cms (gói CMS từ dịch vụ ký từ xa)' });

const SESSION_MINUTES = 15;

/** Phase one of external signing (USB token or remote service): the bytes to sign for this certificate. */
export async function prepareExternalSignature(deps: Pick<WorkflowDeps, 'blobs' | 'db' | 'images' | 'now' | 'publisher' | 'signing'>, actor: Actor, documentId: string, input: z.infer<typeof prepareSchema>) {
  const doc = await loadSignable(deps, actor, documentId);
  // Only a certificate registered for this leader may sign for them: refused before anything is prepared.
  let fingerprint: string;
  try {
    fingerprint = fingerprintOf(new X509Certificate(input.certificate));
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Chứng thư PEM không đọc được');
  }
  if (!(await registeredFingerprints(deps.db, actor.userId)).has(fingerprint)) {
    throw new AppError('CERTIFICATE_NOT_REGISTERED', 'Chứng thư số này chưa được đăng ký cho lãnh đạo; quản trị viên cần đăng ký trước khi ký bằng thiết bị');
  }
  const image = await signatureImageOf(deps, actor.userId);
  const issueFields = await issueFieldsFor(deps, doc);
  const signedAs = await signedAsOf(deps, actor.userId);
  const prepared = await withPlacement(signedAs, { page: input.page, rect: input.rect, anchor: input.anchor }, (placement) =>
    deps.signing.prepareExternal({ sourceKey: doc.file_key!, certPem: input.certificate, chainPem: input.chain, image, placement, signingTime: deps.now(), reason: 'Phê duyệt, ký ban hành', issueFields, block: signatureBlockOf(signedAs) }),
  );
  const sessionId = randomUUID();
  await inTransaction(deps, async (uow) => {
    await insertSigningSession(uow.trx, { id: sessionId, document_id: doc.id, user_id: actor.userId, prepared_key: prepared.preparedKey, state: { sourceKey: doc.file_key, inner: prepared.state, signedAs }, expires_at: new Date(Date.now() + SESSION_MINUTES * 60_000) });
    await uow.audit({ actorId: actor.userId, organizationId: doc.organization_id, action: 'document.sign_prepare', objectType: 'document', objectId: doc.id, summary: 'Chuẩn bị ký số bằng thiết bị ký (ký hai bước)', data: { sessionId } });
  });
  return {
    sessionId,
    toBeSigned: prepared.toBeSigned.toString('base64'),
    documentDigest: prepared.documentDigest.toString('base64'),
    digestAlgorithm: 'SHA-256',
    expiresInSeconds: SESSION_MINUTES * 60,
  };
}

/** Phase two: embeds the returned signature value or CMS; the result is checked like any signature. */
export async function completeExternalSignature(deps: Pick<WorkflowDeps, 'blobs' | 'db' | 'now' | 'publisher' | 'signing'>, actor: Actor, documentId: string, input: z.infer<typeof completeSchema>): Promise<DocumentRow> {
  const doc = await loadSignable(deps, actor, documentId);
  const session = await findSigningSession(deps.db, input.sessionId, doc.id, actor.userId);
  if (!session) throw new AppError('NOT_FOUND', 'Không tìm thấy phiên ký');
  if (new Date(session.expires_at).getTime() < Date.now()) throw new AppError('INVALID_STATE', 'Phiên ký đã hết hạn, hãy chuẩn bị lại');
  const state = session.state as { sourceKey: string; inner: unknown; signedAs?: SignedAs };
  const signed = await deps.signing.completeExternal(
    { preparedKey: session.prepared_key, state: state.inner },
    { signatureValue: input.signatureValue ? Buffer.from(input.signatureValue, 'base64') : undefined, cms: input.cms ? Buffer.from(input.cms, 'base64') : undefined },
  );
  // A token or service can return anything (wrong key, wrong bytes, someone else's certificate, an
  // untrusted one): the result must verify against the trust anchors, by this leader's registered certificate.
  try {
    await requireValidSignatures(deps, signed.key, { lastSignerIn: await registeredFingerprints(deps.db, actor.userId) });
  } catch (err) {
    await discardBlob(deps.db, deps.blobs, signed.key);
    throw err;
  }
  // The block drawn at preparation is what the document records (a session prepared before this field existed: as now).
  const updated = await recordLeaderSignature(deps, actor, doc.id, state.sourceKey, signed, state.signedAs ?? (await signedAsOf(deps, actor.userId)));
  await deleteSigningSession(deps.db, session.id);
  return updated;
}
