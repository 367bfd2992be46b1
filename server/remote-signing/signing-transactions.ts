import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorFromUser, type Actor } from '../shared/actor';
import { completeExternalSignature, prepareExternalSignature, prepareSchema } from '../documents/sign-external';
import { loadSignable } from '../documents/sign-document';
import { discardBlob } from '../document-core/stored-files';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { inTransaction } from '../shared/unit-of-work';
import { deleteSigningSession } from '../signing-keys/signing-keys.repository';
import { findUserById } from '../users/users.repository';
import type { RemoteSigningConnector } from './connector';
import { findTransaction, insertTransaction, remoteSigningIdOf, transition, type SigningTransactionRow } from './signing-transactions.repository';

export const startSchema = prepareSchema.partial({ certificate: true }).extend({ documentId: z.uuid(), method: z.enum(['remote', 'token']) });
export const completeTokenSchema = z.object({ signatureValue: z.base64().min(1) });

export interface SigningTxDeps extends WorkflowDeps {
  remote: RemoteSigningConnector | null;
}

const SESSION_MS = 15 * 60_000;

async function audit(deps: Pick<WorkflowDeps, 'db' | 'publisher'>, actor: Actor, tx: SigningTransactionRow, action: string, summary: string): Promise<void> {
  const doc = await deps.db('documents').where({ id: tx.document_id }).first('organization_id');
  await inTransaction(deps, async (uow) => {
    await uow.audit({ actorId: actor.userId, organizationId: doc?.organization_id ?? actor.organizationId, action, objectType: 'document', objectId: tx.document_id, summary, data: { transactionId: tx.id, method: tx.method } });
  });
}

/**
 * Starts signing without a server-held key. Remote: the certificate comes from the service, the
 * hash of the signed attributes goes to it and the leader confirms on the phone; the poller finishes.
 * Token: the page gets the bytes to sign for the token's certificate and sends back the signature.
 */
export async function startSigning(deps: SigningTxDeps, actor: Actor, input: z.infer<typeof startSchema>) {
  const doc = await loadSignable(deps, actor, input.documentId);
  const placement = { page: input.page, rect: input.rect, anchor: input.anchor };
  if (input.method === 'remote') {
    const remote = deps.remote;
    if (!remote) throw new AppError('REMOTE_SIGNER_UNAVAILABLE', 'Hệ thống chưa cấu hình dịch vụ ký số từ xa');
    const userRef = await remoteSigningIdOf(deps.db, actor.userId);
    if (!userRef) throw new AppError('VALIDATION_FAILED', 'Chưa khai báo tài khoản ký số từ xa: vào trang Tài khoản, mục Ký số');
    const [credential] = await remote.credentials(userRef);
    if (!credential) throw new AppError('REMOTE_SIGNING_REJECTED', `Tài khoản ${userRef} không có chứng thư số tại ${remote.name}`);
    const prepared = await prepareExternalSignature(deps, actor, doc.id, { ...placement, certificate: credential.certificatePem, chain: credential.chainPem });
    const hash = createHash('sha256').update(Buffer.from(prepared.toBeSigned, 'base64')).digest();
    const request = await remote.requestSignature({ credentialId: credential.credentialId, userRef, hash, description: `Ký văn bản: ${doc.subject}`.slice(0, 300) });
    const expiresAt = new Date(Math.min(Date.now() + SESSION_MS, request.expiresAt?.getTime() ?? Infinity));
    const tx = await insertTransaction(deps.db, { id: randomUUID(), document_id: doc.id, user_id: actor.userId, method: 'remote', provider: remote.name, signing_session_id: prepared.sessionId, provider_tx_id: request.transactionId, status: 'pending', expires_at: expiresAt });
    await audit(deps, actor, tx, 'signing.remote_request', `Gửi yêu cầu ký số từ xa (${remote.name}); chờ xác nhận trên điện thoại`);
    return { transaction: tx };
  }
  if (!input.certificate) throw new AppError('VALIDATION_FAILED', 'Cần chứng thư số của thiết bị ký (USB token)');
  const prepared = await prepareExternalSignature(deps, actor, doc.id, { ...placement, certificate: input.certificate, chain: input.chain });
  const tx = await insertTransaction(deps.db, { id: randomUUID(), document_id: doc.id, user_id: actor.userId, method: 'token', provider: 'USB token', signing_session_id: prepared.sessionId, provider_tx_id: null, status: 'pending', expires_at: new Date(Date.now() + SESSION_MS) });
  await audit(deps, actor, tx, 'signing.token_prepare', 'Chuẩn bị ký số bằng USB token');
  return { transaction: tx, toBeSigned: prepared.toBeSigned, documentDigest: prepared.documentDigest };
}

export async function loadOwnTransaction(deps: Pick<WorkflowDeps, 'db'>, actor: Actor, id: string): Promise<SigningTransactionRow> {
  const tx = isUuid(id) ? await findTransaction(deps.db, id) : undefined;
  if (!tx || tx.user_id !== actor.userId) throw new AppError('NOT_FOUND', 'Không tìm thấy giao dịch ký');
  return tx;
}

/** Embeds a signature value; the transaction ends done or failed, never half-way. */
async function finish(deps: Pick<WorkflowDeps, 'blobs' | 'db' | 'now' | 'publisher' | 'signing'>, actor: Actor, tx: SigningTransactionRow, signatureValue: Buffer): Promise<void> {
  try {
    await completeExternalSignature(deps, actor, tx.document_id, { sessionId: tx.signing_session_id!, signatureValue: signatureValue.toString('base64') });
    await transition(deps.db, tx.id, ['completing'], 'done');
  } catch (err) {
    await transition(deps.db, tx.id, ['completing'], 'failed', (err as Error).message.slice(0, 500));
    throw err;
  }
}

export async function completeTokenSigning(deps: Pick<WorkflowDeps, 'blobs' | 'db' | 'now' | 'publisher' | 'signing'>, actor: Actor, id: string, signatureValue: string): Promise<void> {
  const tx = await loadOwnTransaction(deps, actor, id);
  if (tx.method !== 'token') throw new AppError('INVALID_STATE', 'Giao dịch ký từ xa được hoàn tất bởi dịch vụ, không gửi chữ ký thủ công');
  if (new Date(tx.expires_at).getTime() <= Date.now()) {
    await transition(deps.db, tx.id, ['pending'], 'expired', 'Quá thời gian ký');
    throw new AppError('SIGNING_TX_NOT_PENDING', 'Giao dịch ký đã hết hạn, hãy ký lại');
  }
  if (!(await transition(deps.db, tx.id, ['pending'], 'completing'))) throw new AppError('SIGNING_TX_NOT_PENDING', 'Giao dịch ký không còn chờ');
  await finish(deps, actor, tx, Buffer.from(signatureValue, 'base64'));
}

async function endSession(deps: Pick<WorkflowDeps, 'blobs' | 'db'>, tx: SigningTransactionRow): Promise<void> {
  if (!tx.signing_session_id) return;
  const session = await deps.db('signing_sessions').where({ id: tx.signing_session_id }).first('prepared_key');
  await deleteSigningSession(deps.db, tx.signing_session_id);
  if (session?.prepared_key) await discardBlob(deps.db, deps.blobs, session.prepared_key);
}

export async function cancelSigning(deps: SigningTxDeps, actor: Actor, id: string): Promise<void> {
  const tx = await loadOwnTransaction(deps, actor, id);
  if (!(await transition(deps.db, tx.id, ['pending'], 'cancelled', 'Người ký huỷ'))) throw new AppError('SIGNING_TX_NOT_PENDING', 'Chỉ huỷ được giao dịch đang chờ');
  if (tx.method === 'remote' && tx.provider_tx_id) await deps.remote?.cancel(tx.provider_tx_id).catch(() => undefined);
  await endSession(deps, tx);
  await audit(deps, actor, tx, 'signing.cancel', `Huỷ giao dịch ký số ${tx.method === 'remote' ? 'từ xa' : 'bằng USB token'}`);
}

async function actorOf(deps: Pick<WorkflowDeps, 'db'>, userId: string): Promise<Actor | null> {
  const user = await findUserById(deps.db, userId);
  if (!user || user.locked_at) return null;
  return actorFromUser(user);
}

/** Asks the service about one pending remote transaction and finishes it if the signer answered. */
export async function pollRemoteTransaction(deps: SigningTxDeps, tx: SigningTransactionRow): Promise<void> {
  if (tx.status !== 'pending' || tx.method !== 'remote' || !deps.remote || !tx.provider_tx_id) return;
  const actor = await actorOf(deps, tx.user_id);
  if (!actor) {
    if (await transition(deps.db, tx.id, ['pending'], 'failed', 'Tài khoản người ký không còn hoạt động')) await endSession(deps, tx);
    return;
  }
  if (new Date(tx.expires_at).getTime() <= Date.now()) {
    if (await transition(deps.db, tx.id, ['pending'], 'expired', 'Người ký chưa xác nhận trong thời hạn')) {
      await deps.remote.cancel(tx.provider_tx_id).catch(() => undefined);
      await endSession(deps, tx);
    }
    return;
  }
  const answer = await deps.remote.status(tx.provider_tx_id);
  if (answer.status === 'pending') return;
  if (answer.status === 'approved' && answer.signature) {
    if (!(await transition(deps.db, tx.id, ['pending'], 'completing'))) return;
    await finish(deps, actor, tx, answer.signature).catch(() => undefined);
    return;
  }
  const why = answer.status === 'rejected' ? 'Người ký đã từ chối trên điện thoại' : answer.status === 'cancelled' ? 'Dịch vụ đã huỷ yêu cầu' : 'Yêu cầu đã hết hạn tại dịch vụ ký';
  if (await transition(deps.db, tx.id, ['pending'], answer.status === 'rejected' ? 'failed' : answer.status === 'cancelled' ? 'cancelled' : 'expired', why)) await endSession(deps, tx);
}
