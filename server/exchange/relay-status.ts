import { randomUUID } from 'node:crypto';
import type { Actor } from '../shared/actor';
import { findDocument } from '../document-core/documents.repository';
import { findOrganizationById } from '../organizations/organizations.repository';
import { DELIVERY_STATUS, deliveryStatusText, type DeliveryStatus } from '../routing/delivery-codes';
import type { DeliveryRow } from '../routing/deliveries.repository';
import type { UnitOfWork } from '../shared/unit-of-work';
import { findUserById } from '../users/users.repository';
import { findUnitById } from '../organizations/organizations.repository';
import type { StatusMessage } from './edxml';
import { isoDay, organInfo } from './edxml-mapping';
import { packagesOfDocument } from './exchange.repository';
import { queueOutbox } from './outbox';

/**
 * Tells the other system about a delivery's new status when the other party is external: the
 * receiver's 01–06 and 15/16 go back to an external sender, the sender's 13 (recall) goes to an
 * external recipient. Called in the status change's own transaction, so the message is queued
 * exactly when the change commits.
 */
export async function relayDeliveryStatus(uow: UnitOfWork, actor: Actor | null, delivery: DeliveryRow, status: DeliveryStatus, reason: string | null): Promise<void> {
  const [sender, recipient] = await Promise.all([findOrganizationById(uow.trx, delivery.sender_org_id), findOrganizationById(uow.trx, delivery.recipient_org_id)]);
  if (!sender || !recipient) return;
  const user = actor ? await findUserById(uow.trx, actor.userId) : undefined;
  const unit = user?.unit_id ? await findUnitById(uow.trx, user.unit_id) : undefined;
  const staff = user ? { department: unit?.name, staff: user.full_name } : undefined;
  const timestamp = new Date().toISOString();
  const description = reason ?? deliveryStatusText[status];

  if (sender.external && !recipient.external) {
    const foreign = await findDocument(uow.trx, delivery.document_id);
    if (!foreign?.edxml_document_id) return;
    const message: StatusMessage = {
      responseFor: { organId: foreign.issuer_code ?? sender.code, code: foreign.symbol ?? '', promulgationDate: isoDay(foreign.issued_date), documentId: foreign.edxml_document_id },
      from: organInfo(recipient),
      statusCode: status,
      description,
      timestamp,
      staff,
    };
    await queueOutbox(uow.trx, {
      id: randomUUID(), kind: 'status', document_id: delivery.recipient_document_id ?? delivery.document_id, recipient_org_id: sender.id,
      sender_code: recipient.code, recipient_code: sender.code, edxml_document_id: foreign.edxml_document_id, status_code: status, payload: { ...message },
    });
    return;
  }

  if (recipient.external && status === DELIVERY_STATUS.recallRequested) {
    const sent = (await packagesOfDocument(uow.trx, delivery.document_id)).find((p) => p.recipient_org_id === recipient.id);
    const doc = await findDocument(uow.trx, delivery.document_id);
    if (!sent || !doc) return;
    const message: StatusMessage = {
      responseFor: { organId: sent.edxml_document_id.split(',')[0], code: doc.symbol ?? '', promulgationDate: isoDay(doc.issued_date), documentId: sent.edxml_document_id },
      from: organInfo(sender),
      statusCode: status,
      description,
      timestamp,
      staff,
    };
    await queueOutbox(uow.trx, {
      id: randomUUID(), kind: 'status', document_id: doc.id, recipient_org_id: recipient.id,
      sender_code: sender.code, recipient_code: recipient.code, edxml_document_id: sent.edxml_document_id, status_code: status, payload: { ...message },
    });
  }
}
