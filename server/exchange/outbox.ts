import type { Knex } from 'knex';
import { enqueueJob } from '../jobs/jobs.repository';
import { insertOutbox, type NewOutbox, type OutboxRow } from './exchange.repository';

export const EXCHANGE_SEND_JOB = 'exchange-send';
export const EXCHANGE_POLL_JOB = 'exchange-poll';

/** Each attempt series has its own job key: a retry of a dead letter starts a new series. */
export const sendJobKey = (outboxId: string, series: number | string) => `${EXCHANGE_SEND_JOB}:${outboxId}:${series}`;

/** Queues a message for the axis in the caller's transaction; the same message twice is queued once. */
export async function queueOutbox(trx: Knex, row: NewOutbox): Promise<OutboxRow> {
  const { row: stored, created } = await insertOutbox(trx, row);
  if (created) await enqueueJob(trx, { kind: EXCHANGE_SEND_JOB, payload: { outboxId: stored.id }, uniqueKey: sendJobKey(stored.id, 0) });
  return stored;
}
