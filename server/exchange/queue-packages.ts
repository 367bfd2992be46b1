import type { Knex } from 'knex';
import { enqueueJobs, type NewJob } from '../jobs/jobs.repository';
import { deliveryJobs } from '../routing/delivery-jobs';
import { externalOrgIds } from './exchange.repository';
import { EXCHANGE_SEND_JOB } from './outbox';

/** One package job per (document, external recipient), so issuing twice never sends twice. */
export const packageJobKey = (documentId: string, recipientOrgId: string) => `${EXCHANGE_SEND_JOB}:${documentId}:${recipientOrgId}`;

/**
 * Queues an edXML package for each recipient hosted by another system and returns the others,
 * which the internal delivery handles. Runs in the issuing transaction: a rollback sends nothing.
 */
export async function queueExternalPackages(trx: Knex.Transaction, documentId: string, recipientOrgIds: string[], actorId: string | null): Promise<string[]> {
  if (recipientOrgIds.length === 0) return [];
  const external = await externalOrgIds(trx, recipientOrgIds);
  await enqueueJobs(trx, externalPackageJobs(documentId, [...external], actorId));
  return recipientOrgIds.filter((id) => !external.has(id));
}

/** The package jobs for recipients already known to be hosted elsewhere (one per recipient, see packageJobKey). */
export const externalPackageJobs = (documentId: string, externalOrgIds: string[], actorId: string | null): NewJob[] =>
  externalOrgIds.map((recipientOrgId) => ({ kind: EXCHANGE_SEND_JOB, payload: { documentId, recipientOrgId, actorId }, uniqueKey: packageJobKey(documentId, recipientOrgId) }));

/** Queued in the issuing (or forwarding) transaction, in batches: if that rolls back, nothing is sent. */
export async function enqueueDeliveries(trx: Knex.Transaction, documentId: string, recipientOrgIds: string[], actorId: string | null): Promise<void> {
  // Agencies on other systems get an edXML package through the axis (its own job kind).
  await enqueueJobs(trx, deliveryJobs(documentId, await queueExternalPackages(trx, documentId, recipientOrgIds, actorId), actorId));
}
