import { type Actor, hasRole } from '../shared/actor';
import { findDocument } from '../document-core/documents.repository';
import { enqueueJob } from '../jobs/jobs.repository';
import { AppError, forbidden, notFound } from '../shared/errors';
import { inTransaction } from '../shared/unit-of-work';
import { lockOutbox, updateOutbox } from './exchange.repository';
import type { ExchangeDeps } from './exchange-deps';
import { EXCHANGE_SEND_JOB, sendJobKey } from './outbox';

/** Who sees and retries dead letters: the system admin (all), an organisation's admin (its own documents). */
export function outboxScope(actor: Actor): string | null {
  if (actor.isSystemAdmin) return null;
  if (actor.organizationId && hasRole(actor, 'admin')) return actor.organizationId;
  throw forbidden('Chỉ quản trị được xem và gửi lại các gói tin liên thông không gửi được');
}

/** Puts a dead letter back in the queue with a fresh series of attempts. */
export async function retryDeadLetter(deps: Pick<ExchangeDeps, 'db' | 'publisher'>, actor: Actor, outboxId: string): Promise<void> {
  const scope = outboxScope(actor);
  await inTransaction(deps, async (uow) => {
    const row = await lockOutbox(uow.trx, outboxId);
    const doc = row ? await findDocument(uow.trx, row.document_id) : undefined;
    if (!row || !doc || (scope && doc.organization_id !== scope)) throw notFound('Không tìm thấy gói tin liên thông này');
    if (row.state !== 'dead') throw new AppError('INVALID_STATE', 'Chỉ gửi lại được gói tin đã gửi không thành công');
    await updateOutbox(uow.trx, row.id, { state: 'pending', attempts: 0 });
    await enqueueJob(uow.trx, { kind: EXCHANGE_SEND_JOB, payload: { outboxId: row.id }, uniqueKey: sendJobKey(row.id, Date.now()) });
    await uow.audit({
      actorId: actor.userId, organizationId: doc.organization_id, action: 'exchange.retry', objectType: 'document', objectId: doc.id,
      summary: `Gửi lại ${row.kind === 'package' ? 'gói tin' : `trạng thái ${row.status_code}`} ${row.edxml_document_id} đến ${row.recipient_code}`,
      data: { outboxId: row.id, lastError: row.last_error },
    });
  });
}
