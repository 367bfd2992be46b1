import type { Actor } from '../shared/actor';
import { documentRef } from '../document-core/document-ref';
import { findDocument } from '../document-core/documents.repository';
import { findOrganizationById } from '../organizations/organizations.repository';
import type { UnitOfWork } from '../shared/unit-of-work';
import { deliveryStatusText, type DeliveryStatus } from './delivery-codes';
import { deliveryMayMove } from './delivery-workflow';
import { findDelivery, insertDeliveryEvent, updateDeliveryStatus, type DeliveryRow } from './deliveries.repository';

/**
 * Tells the other system about a delivery's new status when the other party is hosted elsewhere
 * (`exchange/relay-status.ts`). Routing does not know the exchange: the caller hands the relay in.
 */
export type DeliveryRelay = (uow: UnitOfWork, actor: Actor | null, delivery: DeliveryRow, status: DeliveryStatus, reason: string | null) => Promise<void>;

/**
 * Moves a delivery to a new edXML status, keeps the timeline (who, when, why) and tells the
 * sender's people who handled the document (its drafter, signer and issuing clerk).
 */
export async function changeDeliveryStatus(
  uow: UnitOfWork,
  actor: Actor | null,
  deliveryId: string | null,
  status: DeliveryStatus,
  reason: string | null,
  /** Null when applying a status another system sent: it is not echoed back. */
  relay: DeliveryRelay | null,
): Promise<void> {
  if (!deliveryId) return;
  const delivery = await findDelivery(uow.trx, deliveryId);
  if (!delivery || delivery.status === status) return;
  if (!deliveryMayMove(delivery.status, status)) return;
  await updateDeliveryStatus(uow.trx, delivery.id, status, reason);
  await insertDeliveryEvent(uow.trx, { delivery_id: delivery.id, status, actor_id: actor?.userId ?? null, reason });
  if (relay) await relay(uow, actor, delivery, status, reason);
  const senderDoc = await findDocument(uow.trx, delivery.document_id);
  const recipient = await findOrganizationById(uow.trx, delivery.recipient_org_id);
  if (!senderDoc || !recipient) return;
  const watchers = [senderDoc.created_by, senderDoc.signed_by, senderDoc.issued_by].filter((u): u is string => Boolean(u));
  await uow.notify(watchers, 'document:status', {
    ...documentRef(senderDoc),
    deliveryId: delivery.id,
    orgCode: recipient.code,
    orgName: recipient.name,
    status,
    statusText: deliveryStatusText[status],
    reason,
  });
}
