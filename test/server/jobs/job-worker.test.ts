import pino from 'pino';
import { migrateToLatest } from '../../../server/db/migrate';
import { scheduleRecurring, startJobWorker } from '../../../server/jobs/job-worker';
import { enqueueJob } from '../../../server/jobs/jobs.repository';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';

// @embedded-engine: the job queue claims work with row locks, on one connection.

describe('PostgreSQL-backed job queue', () => {
  let t: TestDatabase;
  const logger = pino({ level: 'silent' });
  beforeEach(async () => {
    t = await createTestDatabase();
    await migrateToLatest(t.db);
  });
  afterEach(() => t.drop());

  it('hands each job to exactly one of several workers', async () => {
    for (let i = 0; i < 30; i += 1) await enqueueJob(t.db, { kind: 'count', payload: { i } });
    const seen: number[] = [];
    const handlers = { count: async (job: { payload: Record<string, unknown> }) => void seen.push(job.payload.i as number) };
    const a = startJobWorker({ db: t.db, logger, handlers, recurring: [], pollMs: 60_000 });
    const b = startJobWorker({ db: t.db, logger, handlers, recurring: [], pollMs: 60_000 });
    await Promise.all([a.drain(), b.drain()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(Number((await t.db('jobs').whereNull('done_at').count({ n: '*' }))[0].n)).toBe(0);
  });

  it('drains a job that the background poll claimed first only once that job is done', async () => {
    await enqueueJob(t.db, { kind: 'slow', uniqueKey: 'slow-1' });
    let started!: () => void;
    const claimed = new Promise<void>((r) => (started = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let calls = 0;
    const worker = startJobWorker({ db: t.db, logger, handlers: { slow: async () => { calls += 1; started(); await released; } }, recurring: [], pollMs: 60_000 });
    try {
      await claimed; // the first poll holds the job
      const drained = worker.drain().then(async () => (await t.db('jobs').where({ unique_key: 'slow-1' }).first()).done_at);
      setTimeout(release, 200); // ordering only: the drain has long found nothing left to claim by then
      expect(await drained).not.toBeNull();
    } finally {
      release();
      await worker.stop();
    }
    expect(calls).toBe(1);
  });

  it('retries a failing job later and gives up after the last attempt', async () => {
    await enqueueJob(t.db, { kind: 'flaky', uniqueKey: 'flaky-1' });
    let calls = 0;
    const worker = startJobWorker({ db: t.db, logger, handlers: {
        flaky: async () => {
          calls += 1;
          throw new Error('tạm lỗi');
        },
      }, recurring: [], pollMs: 60_000, maxAttempts: 2 });
    await worker.drain();
    const afterFirst = await t.db('jobs').where({ unique_key: 'flaky-1' }).first();
    expect(afterFirst.done_at).toBeNull();
    expect(afterFirst.last_error).toBe('tạm lỗi');
    expect(new Date(afterFirst.run_at).getTime()).toBeGreaterThan(Date.now());
    await t.db('jobs').where({ unique_key: 'flaky-1' }).update({ run_at: new Date(Date.now() - 1000) });
    await worker.drain();
    await worker.stop();
    expect(calls).toBe(2);
    expect((await t.db('jobs').where({ unique_key: 'flaky-1' }).first()).done_at).not.toBeNull();
  });

  it('schedules a recurring slot once however many instances ask', async () => {
    const job = { kind: 'deadline-watch', everySeconds: 60 };
    const now = new Date();
    await Promise.all([scheduleRecurring(t.db, job, 1, now), scheduleRecurring(t.db, job, 1, now), scheduleRecurring(t.db, job, 0, now)]);
    expect(Number((await t.db('jobs').where({ kind: 'deadline-watch' }).count({ n: '*' }))[0].n)).toBe(2);
  });
});
