import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import type { JobHandler } from '../jobs/job-worker';
import type { NewJob } from '../jobs/jobs.repository';
import { inTransaction } from '../shared/unit-of-work';
import { copySourceOf, deliverCopies } from './deliver-copies';
import { lockDocumentForDelivery } from './deliveries.repository';

export const DELIVER_JOB = 'deliver';

/**
 * Recipients per delivery job. One job is one transaction writing its copies set-based; a bound
 * keeps a ministry-wide fan-out from becoming one transaction holding the locks for seconds.
 */
export const FANOUT_BATCH = 500;

/**
 * A job's key is its document and the set of recipients it carries: enqueueing the same batch
 * twice is a no-op, and the prefix lets the issuer run the document's deliveries at once.
 */
export const deliveryJobKey = (documentId: string, recipientOrgIds: readonly string[]) =>
  `${DELIVER_JOB}:${documentId}:${createHash('sha256').update([...recipientOrgIds].sort().join(',')).digest('hex').slice(0, 24)}`;
export const deliveryJobPrefix = (documentId: string) => `${DELIVER_JOB}:${documentId}:`;

// Jobs queued before batching carried one recipient each; they still run.
const payloadSchema = z
  .object({ documentId: z.uuid(), recipientOrgIds: z.array(z.uuid()).optional(), recipientOrgId: z.uuid().optional(), actorId: z.uuid().nullable() })
  .transform(({ recipientOrgIds, recipientOrgId, ...rest }) => ({ ...rest, recipientOrgIds: recipientOrgIds ?? (recipientOrgId ? [recipientOrgId] : []) }));

/** The delivery jobs for recipients hosted here, in batches of FANOUT_BATCH (for a caller that queues them with other jobs). */
export function deliveryJobs(documentId: string, internalOrgIds: string[], actorId: string | null): NewJob[] {
  const unique = [...new Set(internalOrgIds)];
  const jobs: NewJob[] = [];
  for (let i = 0; i < unique.length; i += FANOUT_BATCH) {
    const batch = unique.slice(i, i + FANOUT_BATCH);
    jobs.push({ kind: DELIVER_JOB, payload: { documentId, recipientOrgIds: batch, actorId }, uniqueKey: deliveryJobKey(documentId, batch) });
  }
  return jobs;
}

/**
 * Delivers a batch of copies in one transaction. Runs at least once (a worker may die after
 * delivering but before marking the job done, or a lease may run out), so it is idempotent: under
 * the sender document's lock, recipients that already have their copy are left out. A document
 * recalled before its copies went out is not sent.
 */
export function deliverJobHandler(deps: Pick<WorkflowDeps, 'blobs' | 'db' | 'publisher'>): JobHandler {
  return async (job) => {
    const { documentId, recipientOrgIds, actorId } = payloadSchema.parse(job.payload);
    await inTransaction(deps, async (uow) => {
      const locked = await lockDocumentForDelivery(uow.trx, documentId, job.id);
      if (!locked) return;
      const { doc, senderOrg } = locked;
      if (!doc.file_key || ['recalled', 'withdrawn'].includes(doc.status)) return;
      // The file's size is on its version row: no round trip to the blob store per batch, none per copy.
      const fileSize = locked.fileSize ?? (await deps.blobs.stat(doc.file_key)).size;
      // Recipients that already have their copy (a retried batch) are left out by the fan-out's own statement.
      await deliverCopies(uow, actorId, copySourceOf(doc, senderOrg, fileSize), recipientOrgIds);
    });
    // Marked done by the locking statement, in the transaction of the copies.
    return 'done';
  };
}
