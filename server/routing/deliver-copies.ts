import { randomUUID } from 'node:crypto';
import { documentRef } from '../documents/document-ref';
import { insertDocument, insertVersion, type DocumentRow } from '../documents/documents.repository';
import type { OrganizationRow } from '../organizations/organizations.repository';
import type { UnitOfWork } from '../shared/unit-of-work';
import { usersWithRole } from '../users/staff-lookup';
import { DELIVERY_STATUS, deliveryStatusText } from './delivery-codes';
import { insertDelivery, insertDeliveryEvent, type DeliveryRow } from './deliveries.repository';

export interface CopySource {
  /** The sender's own document the deliveries hang off (issued outgoing, or forwarded incoming). */
  senderDoc: DocumentRow;
  senderOrg: OrganizationRow;
  /** Who issued the content: the sender itself, or the original agency for a forwarded document. */
  issuerName: string;
  issuerCode: string | null;
  fileKey: string;
  fileName: string;
  fileSize: number;
  verification: unknown;
}

/**
 * Hands a copy to a recipient organisation: it lands in their clerks' waiting list (status 01)
 * with the verification report already attached, and the sender is told it arrived.
 */
export async function deliverCopy(uow: UnitOfWork, actorId: string | null, source: CopySource, org: OrganizationRow): Promise<DeliveryRow> {
  const { senderDoc } = source;
  const deliveryId = randomUUID();
  const copyId = randomUUID();
  const copy = await insertDocument(uow.trx, {
    id: copyId,
    organization_id: org.id,
    direction: 'incoming',
    status: 'pending',
    source: 'electronic',
    doc_type: senderDoc.doc_type,
    subject: senderDoc.subject,
    urgency: senderDoc.urgency,
    secrecy: senderDoc.secrecy,
    pages: senderDoc.pages,
    issuer_name: source.issuerName,
    issuer_code: source.issuerCode,
    symbol: senderDoc.symbol,
    issued_date: senderDoc.issued_date,
    file_key: source.fileKey,
    file_name: source.fileName,
    current_version: 1,
    source_delivery_id: deliveryId,
    forwarded_from_document_id: senderDoc.direction === 'incoming' ? senderDoc.id : null,
    verification: JSON.stringify(source.verification),
  });
  await insertVersion(uow.trx, { id: randomUUID(), document_id: copy.id, version: 1, file_key: source.fileKey, file_name: source.fileName, size: source.fileSize, kind: 'upload', note: `Nhận từ ${source.senderOrg.name}`, created_by: null });
  const delivery = await insertDelivery(uow.trx, {
    id: deliveryId,
    document_id: senderDoc.id,
    sender_org_id: source.senderOrg.id,
    recipient_org_id: org.id,
    recipient_document_id: copy.id,
    status: DELIVERY_STATUS.arrived,
    reason: null,
  });
  await insertDeliveryEvent(uow.trx, { delivery_id: deliveryId, status: DELIVERY_STATUS.arrived, actor_id: actorId, reason: null });
  const clerks = await usersWithRole(uow.trx, org.id, 'clerk');
  await uow.notify(clerks.map((c) => c.id), 'inbox:new', { ...documentRef(copy), reason: senderDoc.direction === 'incoming' ? 'forwarded' : 'arrived' });
  const watchers = [senderDoc.created_by, senderDoc.signed_by, senderDoc.issued_by, actorId].filter((u): u is string => Boolean(u));
  await uow.notify(watchers, 'document:status', {
    ...documentRef(senderDoc),
    deliveryId,
    orgCode: org.code,
    orgName: org.name,
    status: DELIVERY_STATUS.arrived,
    statusText: deliveryStatusText[DELIVERY_STATUS.arrived],
    reason: null,
  });
  await uow.audit({
    actorId,
    organizationId: org.id,
    action: 'delivery.arrive',
    objectType: 'document',
    objectId: copy.id,
    summary: `Văn bản ${senderDoc.symbol ?? ''} từ ${source.senderOrg.name} đến ${org.name}`,
    data: { deliveryId, senderDocumentId: senderDoc.id },
  });
  return delivery;
}
