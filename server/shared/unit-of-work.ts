import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';
import { recordAudits, type AuditEntry } from '../audit/record-audit';
import type { EventPayloads, EventType, PushedEvent } from '../contract/events';

/** A notification as written: its row id, recipient, type and payload. */
export type StoredNotification = PushedEvent & { userId: string };

/** One notification to write: a fan-out gives each recipient its own payload (its own copy's id). */
export interface NotificationDraft<T extends EventType = EventType> {
  userId: string;
  type: T;
  payload: EventPayloads[T];
}

/**
 * Where a unit of work's notifications go: written inside the transaction, handed on only once it
 * has committed. `realtime/publisher.ts` implements it (rows in `notifications`, then the Socket.IO
 * feed); the composition root wires it in, so this module knows no domain.
 */
export interface NotificationPublisher {
  /** Writes one notification per user in the transaction; returns them for `publish`. */
  store<T extends EventType>(trx: Knex.Transaction, userIds: string[], type: T, payload: EventPayloads[T]): Promise<StoredNotification[]>;
  /** Writes a fan-out where every row has its own user and payload. */
  storeEach(trx: Knex.Transaction, drafts: readonly NotificationDraft[]): Promise<StoredNotification[]>;
  /** Receives notifications after their transaction has committed. */
  publish(notifications: StoredNotification[]): void;
}

export interface UnitOfWork {
  trx: Knex.Transaction;
  /** Writes notification rows in this transaction; they are pushed only once it commits. */
  notify<T extends EventType>(userIds: Iterable<string>, type: T, payload: EventPayloads[T]): Promise<void>;
  /** Like `notify`, for a fan-out where every row has its own user and payload: one statement for all. */
  notifyEach(drafts: readonly NotificationDraft[]): Promise<void>;
  /** Appends to the audit chain; call after the change itself, as it takes the chain lock. */
  audit(entry: AuditEntry): Promise<void>;
}

export interface TransactionDeps {
  db: Knex;
  publisher: NotificationPublisher;
}

const ambient = new AsyncLocalStorage<Knex.Transaction>();

/**
 * The unit of work this code runs inside, if any. Side stores that must commit with it (blob leases)
 * use it instead of a second connection, which on the embedded database (one connection) would wait
 * for this very transaction forever.
 */
export const currentTransaction = (): Knex.Transaction | undefined => ambient.getStore();

/** Runs a data-changing action atomically: change, audit and notifications commit together or not at all. */
export async function inTransaction<T>(deps: TransactionDeps, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  const pending: StoredNotification[] = [];
  const audits: AuditEntry[] = [];
  const result = await deps.db.transaction(async (trx) => {
    const uow: UnitOfWork = {
      trx,
      notify: async (userIds, type, payload) => {
        pending.push(...(await deps.publisher.store(trx, [...new Set(userIds)], type, payload)));
      },
      notifyEach: async (drafts) => {
        pending.push(...(await deps.publisher.storeEach(trx, drafts)));
      },
      audit: async (entry) => {
        audits.push(entry);
      },
    };
    const value = await ambient.run(trx, () => work(uow));
    // Audit last: the chain lock is then held only for the commit itself.
    await recordAudits(trx, audits);
    return value;
  });
  deps.publisher.publish(pending);
  return result;
}
