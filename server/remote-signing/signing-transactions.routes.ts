import type { Logger } from 'pino';
import { z } from 'zod';
import type { AppConfig } from '../config/env';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import type { ApiRouter } from '../http/api-router';
import { AppError } from '../shared/errors';
import { httpRemoteSigningConnector } from './connector';
import { SIGNING_STATUS_TEXT, type SigningTransactionView } from './signing-transaction-view';
import { listForUser, pendingRemote, remoteSigningIdOf, setRemoteSigningId, type SigningTransactionRow } from './signing-transactions.repository';
import { cancelSigning, completeTokenSigning, completeTokenSchema, loadOwnTransaction, pollRemoteTransaction, startSchema, startSigning, type SigningTxDeps } from './signing-transactions';

const idParams = z.object({ id: z.string() });
const txView = z.object({ id: z.string(), documentId: z.string(), status: z.string(), statusText: z.string(), method: z.string() }).passthrough();

function present(tx: SigningTransactionRow, subject: string): SigningTransactionView {
  return {
    id: tx.id, documentId: tx.document_id, documentSubject: subject, method: tx.method, provider: tx.provider, status: tx.status,
    statusText: SIGNING_STATUS_TEXT[tx.status], error: tx.error, createdAt: new Date(tx.created_at).toISOString(),
    expiresAt: new Date(tx.expires_at).toISOString(), finishedAt: tx.finished_at ? new Date(tx.finished_at).toISOString() : null,
  };
}

/** Polls the remote service for pending transactions; returns the stop function. */
function startPoller(deps: SigningTxDeps, everyMs: number, logger: Logger): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      for (const tx of await pendingRemote(deps.db)) await pollRemoteTransaction(deps, tx).catch((err: unknown) => logger.warn({ err, tx: tx.id }, 'remote signing poll failed'));
    } catch (err) {
      logger.warn({ err }, 'remote signing poll failed');
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The signing list, remote signing and the USB-token path; returns the poller's stop function. */
export function registerSigningTransactionRoutes(api: ApiRouter, workflow: WorkflowDeps, config: AppConfig, logger: Logger): () => void {
  const remote = config.VANBAN_REMOTE_SIGNING_URL
    ? httpRemoteSigningConnector({ baseUrl: config.VANBAN_REMOTE_SIGNING_URL, clientId: config.VANBAN_REMOTE_SIGNING_CLIENT_ID, clientSecret: config.VANBAN_REMOTE_SIGNING_SECRET, name: config.VANBAN_REMOTE_SIGNING_NAME })
    : null;
  const deps: SigningTxDeps = { ...workflow, remote };
  const subjectOf = async (documentId: string) => ((await deps.db('documents').where({ id: documentId }).first('subject')) as { subject: string } | undefined)?.subject ?? '';

  api.add({
    method: 'get', path: '/signing/options', tag: 'signing', auth: true,
    summary: 'Cách ký số có thể dùng: dịch vụ ký từ xa (nếu cấu hình), địa chỉ plugin USB token, tài khoản ký từ xa của tôi',
    responses: { 200: { description: 'Tuỳ chọn', schema: z.object({ remote: z.object({ enabled: z.boolean(), name: z.string(), accountId: z.string().nullable() }), tokenPluginUrl: z.string() }) } },
    handler: async ({ session }) => ({
      body: { remote: { enabled: Boolean(remote), name: config.VANBAN_REMOTE_SIGNING_NAME, accountId: await remoteSigningIdOf(deps.db, session.actor.userId) }, tokenPluginUrl: config.VANBAN_TOKEN_PLUGIN_URL },
    }),
  });

  api.add({
    method: 'post', path: '/signing/remote-account', tag: 'signing', auth: true, body: z.object({ accountId: z.string().trim().max(100).nullable() }),
    summary: 'Khai báo tài khoản của tôi tại dịch vụ ký số từ xa (ví dụ số định danh cá nhân)',
    responses: { 204: { description: 'Đã lưu' } },
    handler: async ({ session, body }) => {
      await setRemoteSigningId(deps.db, session.actor.userId, body.accountId || null);
      return { status: 204 };
    },
  });

  api.add({
    method: 'post', path: '/signing-transactions', tag: 'signing', auth: true, body: startSchema,
    summary: 'Bắt đầu ký số không dùng khoá trên máy chủ: method=remote (dịch vụ ký từ xa, xác nhận trên điện thoại) hoặc token (USB token qua plugin)',
    responses: { 201: { description: 'Giao dịch ký', schema: z.object({ transaction: txView, toBeSigned: z.string().optional(), documentDigest: z.string().optional() }) } },
    handler: async ({ session, body }) => {
      const started = await startSigning(deps, session.actor, body);
      return { status: 201, body: { ...started, transaction: present(started.transaction, await subjectOf(started.transaction.document_id)) } };
    },
  });

  api.add({
    method: 'get', path: '/signing-transactions', tag: 'signing', auth: true,
    query: z.object({ status: z.enum(['pending', 'done', 'failed', 'cancelled', 'expired']).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
    summary: 'Danh sách ký số của tôi: đang chờ, đã ký, không thành công',
    responses: { 200: { description: 'Danh sách', schema: z.object({ items: z.array(txView), total: z.number(), page: z.number(), pageSize: z.number() }) } },
    handler: async ({ session, query }) => {
      const list = listForUser(deps.db, session.actor.userId, query.status, query.pageSize, (query.page - 1) * query.pageSize);
      const [rows, total] = await Promise.all([list.rows(), list.count()]);
      return { body: { items: rows.map((r) => present(r, r.subject)), total, page: query.page, pageSize: query.pageSize } };
    },
  });

  api.add({
    method: 'get', path: '/signing-transactions/:id', tag: 'signing', auth: true, params: idParams,
    summary: 'Một giao dịch ký (giao dịch từ xa đang chờ được hỏi lại dịch vụ ngay)',
    responses: { 200: { description: 'Giao dịch', schema: txView } },
    handler: async ({ session, params }) => {
      let tx = await loadOwnTransaction(deps, session.actor, params.id);
      if (tx.status === 'pending' && tx.method === 'remote') {
        await pollRemoteTransaction(deps, tx).catch((err: unknown) => logger.warn({ err, tx: tx.id }, 'remote signing poll failed'));
        tx = await loadOwnTransaction(deps, session.actor, params.id);
      }
      return { body: present(tx, await subjectOf(tx.document_id)) };
    },
  });

  api.add({
    method: 'post', path: '/signing-transactions/:id/complete', tag: 'signing', auth: true, params: idParams, body: completeTokenSchema,
    summary: 'USB token: gửi giá trị chữ ký do plugin trả về để gắn vào văn bản',
    responses: { 200: { description: 'Giao dịch', schema: txView } },
    handler: async ({ session, params, body }) => {
      await completeTokenSigning(deps, session.actor, params.id, body.signatureValue);
      const tx = await loadOwnTransaction(deps, session.actor, params.id);
      return { body: present(tx, await subjectOf(tx.document_id)) };
    },
  });

  api.add({
    method: 'post', path: '/signing-transactions/:id/cancel', tag: 'signing', auth: true, params: idParams,
    summary: 'Huỷ giao dịch ký đang chờ',
    responses: { 200: { description: 'Giao dịch', schema: txView } },
    handler: async ({ session, params }) => {
      await cancelSigning(deps, session.actor, params.id);
      const tx = await loadOwnTransaction(deps, session.actor, params.id);
      if (tx.status !== 'cancelled') throw new AppError('INTERNAL', 'Không huỷ được giao dịch');
      return { body: present(tx, await subjectOf(tx.document_id)) };
    },
  });

  return remote ? startPoller(deps, config.VANBAN_REMOTE_SIGNING_POLL_MS, logger) : () => undefined;
}
