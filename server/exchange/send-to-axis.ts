import { createHash, randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { findDocument } from '../document-core/documents.repository';
import type { JobHandler } from '../jobs/job-worker';
import { findOrganizationById } from '../organizations/organizations.repository';
import { inTransaction } from '../shared/unit-of-work';
import { AxisError } from './axis/axis-client';
import { statusMessageXml, writeEdxmlPackage, type StatusMessage } from './edxml';
import { findOutbox, insertOutbox, updateOutbox, type OutboxRow } from './exchange.repository';
import type { ExchangeDeps } from './exchange-deps';
import { edxmlDocumentIdOf, issuerCodeOf, packageOfDocument } from './package-from-document';

/** Attempts before a message becomes a dead letter (the job worker backs off 2, 4, 8 s between them). */
export const MAX_SEND_ATTEMPTS = 4;

const payloadSchema = z.union([
  z.object({ outboxId: z.uuid() }),
  z.object({ documentId: z.uuid(), recipientOrgId: z.uuid(), actorId: z.uuid().nullable().optional() }),
]);

/** The outbox row of a package, made on the job's first run (the number and symbol exist only after issuing commits). */
async function packageRow(deps: Pick<ExchangeDeps, 'db'>, documentId: string, recipientOrgId: string): Promise<OutboxRow | undefined> {
  const doc = await findDocument(deps.db, documentId);
  const [sender, recipient] = doc ? await Promise.all([findOrganizationById(deps.db, doc.organization_id), findOrganizationById(deps.db, recipientOrgId)]) : [];
  if (!doc || !sender || !recipient || ['recalled', 'withdrawn'].includes(doc.status)) return undefined;
  const { row } = await insertOutbox(deps.db, {
    id: randomUUID(), kind: 'package', document_id: doc.id, recipient_org_id: recipient.id, sender_code: sender.code, recipient_code: recipient.code,
    edxml_document_id: edxmlDocumentIdOf(doc, issuerCodeOf(doc, sender)), status_code: '', payload: {},
  });
  return row;
}

/** The same message always carries the same key, so a retry after a lost answer is stored once (hashed: headers are ASCII). */
const idempotencyKey = (row: OutboxRow) =>
  createHash('sha256').update([row.kind, row.edxml_document_id, row.sender_code, row.recipient_code, row.status_code].join('\n')).digest('hex');

async function transmit(deps: Pick<ExchangeDeps, 'blobs' | 'db' | 'now' | 'transport'>, row: OutboxRow): Promise<{ id: string } | 'cancelled'> {
  if (!deps.transport) throw new AxisError('AXIS_NOT_CONFIGURED', 'Chưa cấu hình kết nối trục liên thông (VANBAN_AXIS_URL, VANBAN_AXIS_SYSTEM_ID, VANBAN_AXIS_SECRET)', true);
  if (row.kind === 'status') {
    return deps.transport.send({ to: row.recipient_code, type: 'status', idempotencyKey: idempotencyKey(row), body: statusMessageXml(row.payload as unknown as StatusMessage) });
  }
  const doc = await findDocument(deps.db, row.document_id);
  const recipient = await findOrganizationById(deps.db, row.recipient_org_id);
  // A document recalled before its package left is not sent (its recall then has nothing to chase).
  if (!doc || !recipient || ['recalled', 'withdrawn'].includes(doc.status)) return 'cancelled';
  const { header, attachments } = await packageOfDocument(deps.db, deps.blobs, doc, recipient, deps.now());
  const body = new PassThrough();
  // A failed upload destroys the stream; the writer learns it through its pending drain, not an unhandled event.
  body.on('error', () => undefined);
  const writing = writeEdxmlPackage(body, header, attachments).then(
    () => void body.end(),
    (err: Error) => void body.destroy(err),
  );
  try {
    return await deps.transport.send({ to: row.recipient_code, type: 'edoc', idempotencyKey: idempotencyKey(row), body });
  } finally {
    if (!body.writableEnded) body.destroy(new Error('upload ended'));
    await writing;
  }
}

/**
 * Sends one outbox message to the axis. A refusal (unknown recipient, bad credentials) or the last
 * allowed failure makes it a dead letter for an admin to look at and retry; other failures are
 * thrown so the job worker retries with backoff.
 */
export async function sendOutbox(deps: Pick<ExchangeDeps, 'blobs' | 'db' | 'now' | 'publisher' | 'transport'>, row: OutboxRow): Promise<void> {
  try {
    const result = await transmit(deps, row);
    if (result === 'cancelled') await updateOutbox(deps.db, row.id, { state: 'cancelled' });
    else await updateOutbox(deps.db, row.id, { state: 'sent', axis_id: result.id, sent_at: new Date(), attempts: row.attempts + 1, last_error: null });
  } catch (err) {
    const attempts = row.attempts + 1;
    const message = (err as Error).message ?? String(err);
    const dead = (err instanceof AxisError && err.permanent) || attempts >= MAX_SEND_ATTEMPTS;
    await inTransaction(deps, async (uow) => {
      await updateOutbox(uow.trx, row.id, { attempts, last_error: message.slice(0, 2000), state: dead ? 'dead' : 'pending' });
      if (dead) {
        await uow.audit({
          actorId: null, organizationId: null, action: 'exchange.dead', objectType: 'document', objectId: row.document_id,
          summary: `Không gửi được ${row.kind === 'package' ? 'gói tin' : `trạng thái ${row.status_code}`} ${row.edxml_document_id} đến ${row.recipient_code} sau ${attempts} lần: ${message}`,
          data: { outboxId: row.id, code: (err as { code?: string }).code ?? null },
        });
      }
    });
    if (!dead) throw err;
  }
}

export function exchangeSendHandler(deps: Pick<ExchangeDeps, 'blobs' | 'db' | 'now' | 'publisher' | 'transport'>): JobHandler {
  return async (job) => {
    const payload = payloadSchema.parse(job.payload);
    const row = 'outboxId' in payload ? await findOutbox(deps.db, payload.outboxId) : await packageRow(deps, payload.documentId, payload.recipientOrgId);
    if (!row || row.state !== 'pending') return;
    await sendOutbox(deps, row);
  };
}
