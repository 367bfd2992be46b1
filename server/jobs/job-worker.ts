import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { claimJob, completeJob, enqueueJob, failJob, type JobRow } from './jobs.repository';

/**
 * Runs one claimed job. A handler that marks its job done itself, inside the transaction of its
 * work (`completeJob` with that transaction), returns 'done': the worker then spends no statement
 * on it, and a crash can never leave work committed with its job still open.
 */
export type JobHandler = (job: JobRow) => Promise<void | 'done'>;

export interface RecurringJob {
  kind: string;
  everySeconds: number;
}

export interface JobWorkerOptions {
  db: Knex;
  logger: Logger;
  handlers: Record<string, JobHandler>;
  recurring: RecurringJob[];
  pollMs?: number;
  /** How long a claimed job stays with its worker before another may take it (the worker may have died). */
  leaseSeconds?: number;
  maxAttempts?: number;
}

export interface JobWorker {
  /** Runs due jobs until none is left (tests call it to drive time-based work deterministically). */
  drain(): Promise<number>;
  /** Runs now the due jobs whose unique key starts with `prefix` (e.g. one document's deliveries). */
  /** Runs due jobs whose unique key starts with `prefix`, at most `limit` of them (a caller that knows how many it queued saves the final empty claim). */
  runMatching(prefix: string, limit?: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * One row per time slot of a recurring job, keyed by the slot: however many instances start or
 * finish a run, each slot is scheduled once. `ahead` 0 is the current slot (run now if not yet run).
 */
export async function scheduleRecurring(db: Knex, job: RecurringJob, ahead: 0 | 1, now = new Date()): Promise<void> {
  const slot = Math.floor(now.getTime() / 1000 / job.everySeconds) + ahead;
  const runAt = ahead === 0 ? now : new Date(slot * job.everySeconds * 1000);
  await enqueueJob(db, { kind: job.kind, runAt, uniqueKey: `${job.kind}:${slot}` });
}

export function startJobWorker(opts: JobWorkerOptions): JobWorker {
  const maxAttempts = opts.maxAttempts ?? 5;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  const runOne = async (prefix?: string): Promise<boolean> => {
    const job = await claimJob(opts.db, opts.leaseSeconds ?? 120, prefix);
    if (!job) return false;
    const handler = opts.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      if ((await handler(job)) !== 'done') await completeJob(opts.db, job.id);
      const recurring = opts.recurring.find((r) => r.kind === job.kind);
      if (recurring) await scheduleRecurring(opts.db, recurring, 1);
    } catch (err) {
      const retry = job.attempts < maxAttempts ? new Date(Date.now() + 2 ** job.attempts * 1000) : null;
      opts.logger.error({ err, job: job.id, kind: job.kind }, 'job failed');
      await failJob(opts.db, job.id, (err as Error).message ?? String(err), retry);
    }
    return true;
  };

  const runDue = async (): Promise<number> => {
    let count = 0;
    while (!stopped && (await runOne())) count += 1;
    return count;
  };

  let polling = false;
  const tick = () => {
    if (stopped) return;
    polling = true;
    running = runDue()
      .catch((err) => opts.logger.error({ err }, 'job polling failed'))
      .finally(() => {
        polling = false;
        if (!stopped) timer = setTimeout(tick, opts.pollMs ?? 5000);
      });
  };

  // "Drained" means done: a due job the background poll claimed first is waited for, not skipped.
  const drain = async (): Promise<number> => {
    let count = 0;
    for (;;) {
      await running.catch(() => undefined);
      const ran = await runDue();
      count += ran;
      if ((ran === 0 && !polling) || stopped) return count;
    }
  };

  running = Promise.all(opts.recurring.map((r) => scheduleRecurring(opts.db, r, 0))).then(() => {
    timer = setTimeout(tick, 0);
  });

  const runMatching = async (prefix: string, limit = Infinity): Promise<number> => {
    let count = 0;
    while (count < limit && (await runOne(prefix))) count += 1;
    return count;
  };

  return {
    drain,
    runMatching,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
