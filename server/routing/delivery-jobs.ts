import type { Knex } from 'knex';
import { z } from 'zod';
import type { WorkflowDeps } from '../documents/workflow-deps';
import { lockDocument } from '../documents/documents.repository';
import type { JobHandler } from '../jobs/job-worker';
import { enqueueJob } from '../jobs/jobs.repository';
import { findOrganizationById } from '../organizations/organizations.repository';
import { inTransaction } from '../shared/unit-of-work';
import { queueExternalPackages } from '../exchange/queue-packages';
import { deliverCopy } from './deliver-copies';
import { findDeliveryTo } from './deliveries.repository';

export const DELIVER_JOB = 'deliver';

/** One job per (document, recipient): its key makes enqueueing idempotent and lets the issuer run it at once. */
export const deliveryJobKey = (documentId: string, recipientOrgId: string) => `${DELIVER_JOB}:${documentId}:${recipientOrgId}`;
export const deliveryJobPrefix = (documentId: string) => `${DELIVER_JOB}:${documentId}:`;

const payloadSchema = z.object({ documentId: z.uuid(), recipientOrgId: z.uuid(), actorId: z.uuid().nullable() });

/** Queued in the issuing (or forwarding) transaction: if that rolls back, nothing is sent. */
export async function enqueueDeliveries(trx: Knex.Transaction, documentId: string, recipientOrgIds: string[], actorId: string | null): Promise<void> {
  // Agencies on other systems get an edXML package through the axis (its own job kind).
  for (const recipientOrgId of await queueExternalPackages(trx, documentId, recipientOrgIds, actorId)) {
    await enqueueJob(trx, { kind: DELIVER_JOB, payload: { documentId, recipientOrgId, actorId }, uniqueKey: deliveryJobKey(documentId, recipientOrgId) });
  }
}

/**
 * Delivers one copy. Runs at least once (a worker may die after delivering but before marking the
 * job done), so it is idempotent: a recipient that already has its copy is skipped. A document
 * recalled before its copy went out is not sent.
 */
export function deliverJobHandler(deps: WorkflowDeps): JobHandler {
  return async (job) => {
    const { documentId, recipientOrgId, actorId } = payloadSchema.parse(job.payload);
    await inTransaction(deps, async (uow) => {
      const doc = await lockDocument(uow.trx, documentId);
      if (!doc || !doc.file_key || ['recalled', 'withdrawn'].includes(doc.status)) return;
      if (await findDeliveryTo(uow.trx, doc.id, recipientOrgId)) return;
      const [senderOrg, recipient] = await Promise.all([findOrganizationById(uow.trx, doc.organization_id), findOrganizationById(uow.trx, recipientOrgId)]);
      if (!senderOrg || !recipient) return;
      const outgoing = doc.direction === 'outgoing';
      await deliverCopy(uow, actorId, {
        senderDoc: doc,
        senderOrg,
        issuerName: outgoing ? senderOrg.name : doc.issuer_name ?? senderOrg.name,
        issuerCode: outgoing ? senderOrg.code : doc.issuer_code,
        fileKey: doc.file_key,
        fileName: doc.file_name ?? 'van-ban.pdf',
        fileSize: (await deps.blobs.stat(doc.file_key)).size,
        verification: doc.verification,
      }, recipient);
    });
  };
}
