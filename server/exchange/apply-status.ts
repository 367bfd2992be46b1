import { documentLabel, documentRef } from '../document-core/document-ref';
import { findDocument, updateDocument } from '../document-core/documents.repository';
import { findOrganizationByCode, findOrganizationById, type OrganizationRow } from '../organizations/organizations.repository';
import { DELIVERY_STATUS, deliveryStatusText, type DeliveryStatus } from '../routing/delivery-codes';
import { changeDeliveryStatus } from '../routing/delivery-status';
import { findDeliveryTo, insertDelivery, insertDeliveryEvent, listDeliveriesOf } from '../routing/deliveries.repository';
import { AppError } from '../shared/errors';
import { inTransaction } from '../shared/unit-of-work';
import { usersWithRole } from '../users/staff-lookup';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type StatusMessage } from './edxml';
import { findForeignDocument, findSentPackage } from './exchange.repository';
import type { ExchangeDeps } from './exchange-deps';

/** Statuses whose description is a reason worth keeping on the timeline (the others are their own text). */
const REASONED = new Set<string>([DELIVERY_STATUS.returned, DELIVERY_STATUS.recallRequested, DELIVERY_STATUS.recallAccepted, DELIVERY_STATUS.recallRefused]);

/**
 * The external issuer recalls a document (status 13, or a package of business type 1): every copy
 * this system received is withdrawn and its holders told; the clerks then confirm (15) or refuse
 * (16) through the usual recall response, which goes back to the issuer.
 */
export async function applyRecall(deps: Pick<ExchangeDeps, 'db' | 'publisher'>, issuer: OrganizationRow, edxmlDocumentId: string, reason: string): Promise<void> {
  const foreign = await findForeignDocument(deps.db, issuer.id, edxmlDocumentId);
  if (!foreign) throw new AppError('EXCHANGE_UNKNOWN_DOCUMENT', `Không có văn bản ${edxmlDocumentId} của ${issuer.name} để thu hồi`);
  await inTransaction(deps, async (uow) => {
    for (const delivery of await listDeliveriesOf(uow.trx, foreign.id)) {
      await changeDeliveryStatus(uow, null, delivery.id, DELIVERY_STATUS.recallRequested, reason, null);
      const copy = delivery.recipient_document_id ? await findDocument(uow.trx, delivery.recipient_document_id) : undefined;
      if (!copy || copy.status === 'withdrawn') continue;
      await updateDocument(uow.trx, copy.id, { status: 'withdrawn', return_reason: reason });
      const holders = (await usersWithRole(uow.trx, copy.organization_id, 'clerk')).map((u) => u.id);
      if (copy.leader_id) holders.push(copy.leader_id);
      await uow.notify(holders, 'document:recalled', { ...documentRef(copy), reason });
      await uow.audit({ actorId: null, organizationId: copy.organization_id, action: 'exchange.recall', objectType: 'document', objectId: copy.id, summary: `${issuer.name} thu hồi văn bản ${documentLabel(copy)}. Lý do: ${reason}` });
    }
  });
}

/**
 * A status another system sent about a document we sent it: the delivery's timeline moves exactly
 * as if an internal recipient had acted (the first status creates the delivery row).
 */
export async function applyReceivedStatus(deps: Pick<ExchangeDeps, 'db' | 'publisher'>, status: StatusMessage): Promise<void> {
  const code = status.statusCode as DeliveryStatus;
  if (!(STATUS_CODES as readonly string[]).includes(code)) throw new AppError('EXCHANGE_BAD_STATUS', `Mã trạng thái ${status.statusCode} không có trong QCVN 102:2016`);
  const from = await findOrganizationByCode(deps.db, status.from.organId);
  if (!from?.external) throw new AppError('EXCHANGE_UNKNOWN_SENDER', `Cơ quan gửi trạng thái có mã ${status.from.organId} không phải cơ quan liên thông đã biết`);
  if (code === DELIVERY_STATUS.recallRequested) {
    await applyRecall(deps, from, status.responseFor.documentId, status.description || 'Thu hồi văn bản');
    return;
  }
  const sent = await findSentPackage(deps.db, status.responseFor.documentId, from.code);
  if (!sent) throw new AppError('EXCHANGE_UNKNOWN_DOCUMENT', `Không có văn bản ${status.responseFor.documentId} đã gửi cho ${from.name}`);
  const reason = REASONED.has(code) ? status.description || null : null;
  const actorNote = status.staff?.staff ? `${reason ?? deliveryStatusText[code]} (${status.staff.staff})` : reason;
  await inTransaction(deps, async (uow) => {
    const delivery = await findDeliveryTo(uow.trx, sent.document_id, sent.recipient_org_id);
    if (delivery) {
      await changeDeliveryStatus(uow, null, delivery.id, code, reason ?? null, null);
      return;
    }
    const doc = await findDocument(uow.trx, sent.document_id);
    const recipient = await findOrganizationById(uow.trx, sent.recipient_org_id);
    if (!doc || !recipient) return;
    const created = await insertDelivery(uow.trx, { id: randomUUID(), document_id: doc.id, sender_org_id: doc.organization_id, recipient_org_id: recipient.id, recipient_document_id: null, status: code, reason });
    await insertDeliveryEvent(uow.trx, { delivery_id: created.id, status: code, actor_id: null, reason });
    const watchers = [doc.created_by, doc.signed_by, doc.issued_by].filter((u): u is string => Boolean(u));
    await uow.notify(watchers, 'document:status', { ...documentRef(doc), deliveryId: created.id, orgCode: recipient.code, orgName: recipient.name, status: code, statusText: deliveryStatusText[code], reason: actorNote ?? null });
  });
}
