import type { Knex } from 'knex';
import { prepared, PREPARE_OPTION } from '../db/prepared';

export interface JobRow {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  unique_key: string | null;
  run_at: Date;
  attempts: number;
}

/** Enqueues a job; a `uniqueKey` makes it idempotent across instances and restarts. */
export async function enqueueJob(db: Knex, job: { kind: string; payload?: Record<string, unknown>; runAt?: Date; uniqueKey?: string }): Promise<void> {
  await db('jobs')
    .insert({ kind: job.kind, payload: JSON.stringify(job.payload ?? {}), run_at: job.runAt ?? new Date(), unique_key: job.uniqueKey ?? null })
    .onConflict('unique_key')
    .ignore();
}

/**
 * Claims one due job. SKIP LOCKED lets several instances poll the same table without taking the
 * same job; the lease (locked_until) hands a job back if its worker dies mid-way.
 */
export async function claimJob(db: Knex, leaseSeconds: number, uniqueKeyPrefix?: string): Promise<JobRow | null> {
  const onlyThese = uniqueKeyPrefix ? 'AND unique_key LIKE ?' : '';
  const result = await prepared(db.raw(
    `UPDATE jobs SET locked_until = now() + make_interval(secs => ?), attempts = attempts + 1
      WHERE id = (SELECT id FROM jobs
                   WHERE done_at IS NULL AND run_at <= now() AND (locked_until IS NULL OR locked_until < now()) ${onlyThese}
                   ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, unique_key, run_at, attempts`,
    uniqueKeyPrefix ? [leaseSeconds, `${uniqueKeyPrefix.replace(/[\\%_]/g, '\\$&')}%`] : [leaseSeconds],
  ));
  return (result.rows[0] as JobRow | undefined) ?? null;
}

export async function completeJob(db: Knex, id: string): Promise<void> {
  await prepared(db('jobs').where({ id }).update({ done_at: db.fn.now(), locked_until: null, last_error: null }));
}

export async function failJob(db: Knex, id: string, error: string, retryAt: Date | null): Promise<void> {
  await db('jobs')
    .where({ id })
    .update(retryAt ? { locked_until: null, run_at: retryAt, last_error: error } : { done_at: db.fn.now(), locked_until: null, last_error: error });
}

/** Several jobs in one statement, each idempotent on its `uniqueKey` like `enqueueJob`. */
export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  uniqueKey?: string;
}

/** Several jobs in one statement; a unique key already queued (or repeated) is skipped. */
export async function enqueueJobs(db: Knex, jobs: readonly NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const now = new Date();
  await db('jobs')
    .insert(jobs.map((job) => ({ kind: job.kind, payload: JSON.stringify(job.payload ?? {}), run_at: job.runAt ?? now, unique_key: job.uniqueKey ?? null })))
    .onConflict('unique_key')
    .ignore();
}

const jobRows = (jobs: readonly NewJob[]): string => {
  const now = new Date().toISOString();
  return JSON.stringify(jobs.map((job) => ({ kind: job.kind, payload: job.payload ?? {}, run_at: job.runAt?.toISOString() ?? now, unique_key: job.uniqueKey ?? null })));
};

/** The jobs (as `jobRows`, the one binding) inserted in queue order; a unique key already queued is skipped. */
const INSERT_JOBS = `INSERT INTO jobs (kind, payload, run_at, unique_key)
     SELECT e.r->>'kind', e.r->'payload', (e.r->>'run_at')::timestamptz, e.r->>'unique_key'
       FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS e(r, ord)
      ORDER BY e.ord
     ON CONFLICT (unique_key) DO NOTHING`;

/**
 * Runs `statement` (an insert or update built with knex) and queues jobs, in one round trip: a
 * change and the background work it causes commit together without a second statement.
 */
export async function enqueueJobsWith(db: Knex, statement: Knex.QueryBuilder, jobs: readonly NewJob[]): Promise<void> {
  if (jobs.length === 0) {
    await statement;
    return;
  }
  await db.raw(`WITH change AS (?) ${INSERT_JOBS}`, [statement, jobRows(jobs)]).options(PREPARE_OPTION);
}

/**
 * `enqueueJobsWith`, then `main` (an update or insert with its RETURNING), in the same round trip: `main`'s rows.
 * All three parts see the snapshot from before the statement, so `main` must not depend on what the first two write.
 */
export async function enqueueJobsWithThen<T>(db: Knex, statement: Knex.QueryBuilder, jobs: readonly NewJob[], main: Knex.QueryBuilder): Promise<T[]> {
  const { sql, bindings } = main.toSQL();
  const result = await db.raw(`WITH change AS (?), queued AS (${INSERT_JOBS}) ${sql}`, [statement, jobRows(jobs), ...bindings]).options(PREPARE_OPTION);
  return result.rows as T[];
}
