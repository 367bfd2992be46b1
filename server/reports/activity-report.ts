import type { Knex } from 'knex';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { exchangeByLevel, incomingCounts, outgoingCounts, workCounts } from './reports.repository';

/** A share in percent with one decimal, or null when there is nothing to divide. */
const share = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/**
 * What agencies measure (domain.md §11): the share of documents exchanged electronically, the share
 * digitally signed, work done on time, and documents sent and received per level, for a period.
 */
export async function activityReport(db: Knex, actor: Actor, from: Date, to: Date, now: Date) {
  if (!actor.organizationId) throw new AppError('FORBIDDEN', 'Báo cáo thuộc về một cơ quan');
  const [incoming, outgoing, work, byLevel] = await Promise.all([
    incomingCounts(db, actor.organizationId, from, to),
    outgoingCounts(db, actor.organizationId, from, to),
    workCounts(db, actor.organizationId, from, to, now),
    exchangeByLevel(db, actor.organizationId, from, to),
  ]);
  return {
    incoming: { ...incoming, electronicShare: share(incoming.electronic, incoming.total) },
    outgoing: { ...outgoing, signedShare: share(outgoing.signed, outgoing.total), electronicShare: share(outgoing.sentElectronically, outgoing.total) },
    work: { ...work, onTimeShare: share(work.onTime, work.completed), lateShare: share(work.completed - work.onTime, work.completed) },
    byLevel,
  };
}
