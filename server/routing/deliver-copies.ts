import { randomUUID } from 'node:crypto';
import type { DocumentRow } from '../document-core/documents.repository';
import type { OrganizationRow } from '../organizations/organizations.repository';
import type { NotificationDraft } from '../realtime/notifications.repository';
import { timed } from '../shared/phase-timing';
import type { UnitOfWork } from '../shared/unit-of-work';
import { clerksOfOrganizations } from '../users/users.repository';
import { DELIVERY_STATUS, deliveryStatusText } from './delivery-codes';
import { insertDeliveredCopies, type CopyPlan } from './deliveries.repository';

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
  /** Checked once for the file; every copy carries the same report. */
  verification: unknown;
}

export interface CopyRecipient {
  id: string;
  code: string;
  name: string;
}

/**
 * Hands copies to recipient organisations, however many, in a fixed number of statements: each
 * lands in its clerks' waiting list (status 01) with the verification report attached and the one
 * stored file referenced, the sender's timeline gets its per-recipient entry, each recipient's
 * clerks get `inbox:new` about their own copy and the sender's people a `document:status` per
 * recipient. The caller holds the sender document's lock and has left out recipients already served.
 */
export async function deliverCopies(uow: UnitOfWork, actorId: string | null, source: CopySource, recipients: readonly CopyRecipient[]): Promise<CopyPlan[]> {
  if (recipients.length === 0) return [];
  const { senderDoc, senderOrg } = source;
  const plans: CopyPlan[] = recipients.map((r) => ({ recipientOrgId: r.id, copyId: randomUUID(), versionId: randomUUID(), deliveryId: randomUUID() }));
  const status = DELIVERY_STATUS.arrived;
  await timed('fan-out: copies, deliveries, timeline', () =>
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

  const clerks = await clerksOfOrganizations(uow.trx, recipients.map((r) => r.id));
  const reason = senderDoc.direction === 'incoming' ? 'forwarded' : 'arrived';
  const watchers = [...new Set([senderDoc.created_by, senderDoc.signed_by, senderDoc.issued_by, actorId].filter((u): u is string => Boolean(u)))];
  const drafts: NotificationDraft[] = [];
  recipients.forEach((org, i) => {
    const ref = { documentId: plans[i].copyId, subject: senderDoc.subject, symbol: senderDoc.symbol };
    for (const clerkId of clerks.get(org.id) ?? []) drafts.push({ userId: clerkId, type: 'inbox:new', payload: { ...ref, reason } });
  });
  // The sender's people hear of each recipient on its own (their per-recipient progress), after the inboxes.
  recipients.forEach((org, i) => {
    const payload = { documentId: senderDoc.id, subject: senderDoc.subject, symbol: senderDoc.symbol, deliveryId: plans[i].deliveryId, orgCode: org.code, orgName: org.name, status, statusText: deliveryStatusText[status], reason: null };
    for (const watcher of watchers) drafts.push({ userId: watcher, type: 'document:status', payload });
  });
  await timed('fan-out: notifications', () => uow.notifyEach(drafts));

  for (const [i, org] of recipients.entries()) {
    await uow.audit({
      actorId,
      organizationId: org.id,
      action: 'delivery.arrive',
      objectType: 'document',
      objectId: plans[i].copyId,
      summary: `Văn bản ${senderDoc.symbol ?? ''} từ ${senderOrg.name} đến ${org.name}`,
      data: { deliveryId: plans[i].deliveryId, senderDocumentId: senderDoc.id },
    });
  }
  return plans;
}
