import { randomUUID } from 'node:crypto';
import type { DocumentRow } from '../document-core/documents.repository';
import type { OrganizationRow } from '../organizations/organizations.repository';
import type { NotificationDraft } from '../realtime/notifications.repository';
import { timed } from '../shared/phase-timing';
import type { UnitOfWork } from '../shared/unit-of-work';
import { DELIVERY_STATUS, deliveryStatusText } from './delivery-codes';
import { insertDeliveredCopies, type CopyPlan, type DeliveredCopy } from './deliveries.repository';

export interface CopySource {
  /** The sender's own document the deliveries hang off (issued outgoing, or forwarded incoming). */
  senderDoc: DocumentRow;
  senderOrg: Pick<OrganizationRow, 'id' | 'code' | 'name'>;
  /** Who issued the content: the sender itself, or the original agency for a forwarded document. */
  issuerName: string;
  issuerCode: string | null;
  fileKey: string;
  fileName: string;
  fileSize: number;
  /** Checked once for the file; every copy carries the same report. */
  verification: unknown;
}

/**
 * What a copy carries from its sender's document: the sender is the issuer of an outgoing document; a forwarded
 * incoming one keeps its original issuer.
 */
export function copySourceOf(doc: DocumentRow, senderOrg: CopySource['senderOrg'], fileSize: number): CopySource {
  const outgoing = doc.direction === 'outgoing';
  return {
    senderDoc: doc,
    senderOrg,
    issuerName: outgoing ? senderOrg.name : doc.issuer_name ?? senderOrg.name,
    issuerCode: outgoing ? senderOrg.code : doc.issuer_code,
    fileKey: doc.file_key!,
    fileName: doc.file_name ?? 'van-ban.pdf',
    fileSize,
    verification: doc.verification,
  };
}

/**
 * Hands copies to recipient organisations, however many, in a fixed number of statements: each
 * lands in its clerks' waiting list (status 01) with the verification report attached and the one
 * stored file referenced, the sender's timeline gets its per-recipient entry, each recipient's
 * clerks get `inbox:new` about their own copy and each of the sender's people one `document:delivered`
 * listing the recipients reached. The caller holds the sender document's lock; recipients it already reached are left out
 * (a retried batch delivers nothing twice). Returns the copies written, by recipient code.
 */
export async function deliverCopies(uow: UnitOfWork, actorId: string | null, source: CopySource, recipientOrgIds: readonly string[]): Promise<DeliveredCopy[]> {
  const unique = [...new Set(recipientOrgIds)];
  if (unique.length === 0) return [];
  const { senderDoc, senderOrg } = source;
  const plans: CopyPlan[] = unique.map((id) => ({ recipientOrgId: id, copyId: randomUUID(), versionId: randomUUID(), deliveryId: randomUUID() }));
  const status = DELIVERY_STATUS.arrived;
  const recipients = await timed('fan-out: copies, deliveries, timeline', () =>
    insertDeliveredCopies(
      uow.trx,
      {
        senderDocumentId: senderDoc.id,
        senderOrgId: senderOrg.id,
        issuerName: source.issuerName,
        issuerCode: source.issuerCode,
        fileKey: source.fileKey,
        fileName: source.fileName,
        fileSize: source.fileSize,
        verification: source.verification,
        versionNote: `Nhận từ ${senderOrg.name}`,
        actorId,
        status,
      },
      plans,
    ),
  );

  if (recipients.length === 0) return [];
  const reason = senderDoc.direction === 'incoming' ? 'forwarded' : 'arrived';
  const watchers = [...new Set([senderDoc.created_by, senderDoc.signed_by, senderDoc.issued_by, actorId].filter((u): u is string => Boolean(u)))];
  const drafts: NotificationDraft[] = [];
  for (const copy of recipients) {
    const ref = { documentId: copy.copyId, subject: senderDoc.subject, symbol: senderDoc.symbol };
    for (const clerkId of copy.clerkIds) drafts.push({ userId: clerkId, type: 'inbox:new', payload: { ...ref, reason } });
  }
  // The sender's people hear, after the inboxes, which recipients the batch reached: one event each, not one per
  // recipient (a province-wide issue would otherwise write three thousand of them).
  const deliveries = recipients.map((copy) => ({ deliveryId: copy.deliveryId, orgCode: copy.code, orgName: copy.name }));
  const payload = { documentId: senderDoc.id, subject: senderDoc.subject, symbol: senderDoc.symbol, status, statusText: deliveryStatusText[status], deliveries };
  for (const watcher of watchers) drafts.push({ userId: watcher, type: 'document:delivered', payload });
  await timed('fan-out: notifications', () => uow.notifyEach(drafts));

  for (const copy of recipients) {
    await uow.audit({
      actorId,
      organizationId: copy.recipientOrgId,
      action: 'delivery.arrive',
      objectType: 'document',
      objectId: copy.copyId,
      summary: `Văn bản ${senderDoc.symbol ?? ''} từ ${senderOrg.name} đến ${copy.name}`,
      data: { deliveryId: copy.deliveryId, senderDocumentId: senderDoc.id },
    });
  }
  return recipients;
}
