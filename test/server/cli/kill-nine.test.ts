import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import knexFactory, { type Knex } from 'knex';
import { createLocalBlobStore } from '../../../storage';
import { isBlobReferenced } from '../../../server/blobs/blob-references';
import { seedManyCommunes } from '../../../server/seed/seed-many-communes';
import { DEMO_PIN } from '../../../server/seed/seed-demo-pki';
import { ApiClient } from '../../helpers/api-client';
import { ORG, pdfForm } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/server/cli/main.js');
// kill -9 needs a database that survives its client dying mid-transaction: PostgreSQL, always
// (the embedded PGlite lives inside the killed process).
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'Demo-kill-2026';
const BIG = 1000;
const MAX_ROUNDS = 6;

/** A small deterministic generator: the kill points vary but a failing run can be replayed. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = async (q: PromiseLike<{ n: string | number }[]>) => Number((await q)[0].n);

/**
 * The compiled server on PostgreSQL is killed with SIGKILL again and again while documents are
 * issued — one of them to a thousand communes — and restarted each time. Afterwards numbering is
 * gap-free and unique, every issued document is whole, each delivery happened exactly once with
 * one notification per recipient clerk, and `vanban audit verify` accepts the chain.
 */
describe('issue survives kill -9 of the server', () => {
  const dbName = `vanban_k9_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let dataDir: string;
  let db: Knex;
  let env: Record<string, string>;
  let server: ChildProcess | null = null;
  let admin: Knex;

  async function start(): Promise<string> {
    const child = spawn(process.execPath, [cli, 'serve'], { env: { ...process.env, ...env }, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    let out = '';
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 120_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /Vanban đang chạy tại (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}) before it started: ${out}`));
      });
    });
  }

  async function kill(): Promise<void> {
    const child = server;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    server = null;
  }

  beforeAll(async () => {
    expect(fs.existsSync(cli)).toBe(true);
    admin = knexFactory({ client: 'pg', connection: ADMIN_URL, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE ${dbName}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${dbName}`;
    db = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 4 } });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-k9-'));
    env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: url.toString(),
      VANBAN_DATA_DIR: dataDir,
      VANBAN_DEMO: '1',
      VANBAN_DEMO_PKI: '1',
      VANBAN_DEMO_PASSWORD: PASSWORD,
      VANBAN_KDF_LOG_N: '10',
      VANBAN_JOB_POLL_MS: '200',
      // A killed worker's job goes back to the queue after this: a restart finishes it within the test.
      VANBAN_JOB_LEASE_SECONDS: '2',
      // Leftovers of killed work are collected 12 s after each restart (default: an hour).
      VANBAN_BLOB_GRACE_MINUTES: '0.2',
      LOG_LEVEL: 'silent',
    };
  }, 60_000);

  afterAll(async () => {
    await kill();
    await db?.destroy();
    await admin?.raw(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin?.destroy();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves numbering gap-free, every delivery done exactly once and the audit chain whole, including a 1,000-recipient issue', async () => {
    let url = await start();
    const communes = await seedManyCommunes(db, { parentCode: ORG.province, count: BIG, codePrefix: 'H06.KN', usernamePrefix: 'vanthu.kn', password: PASSWORD, kdfLogN: 10 });
    const allCodes = communes.organizations.map((o) => o.code);
    const as = async (username: string) => new ApiClient(url).login(username, PASSWORD);

    // Signed drafts, ready to issue: two to every commune, two to ten of them.
    const plan = [BIG, 10, BIG, 10];
    const official = await as('chuyenvien.tinh');
    const leader = await as('lanhdao.tinh');
    const leaderMe = (await leader.get('/auth/me')).body;
    const docs: { id: string; recipients: string[] }[] = [];
    for (const [i, n] of plan.entries()) {
      const recipients = n === BIG ? allCodes : allCodes.slice(10 * i, 10 * i + n);
      const draft = await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: leaderMe.fullName, title: `Quyết định số ${i + 1}` }), { docType: 'QĐ', subject: `QUYẾT ĐỊNH chịu lỗi số ${i + 1}`, recipients }));
      expect(draft.status).toBe(201);
      await official.post(`/documents/${draft.body.id}/submit`, { leaderId: leaderMe.id });
      expect((await leader.post(`/documents/${draft.body.id}/sign`, { pin: DEMO_PIN })).status).toBe(200);
      docs.push({ id: draft.body.id, recipients });
    }
    const bigIds = new Set(docs.filter((d) => d.recipients.length === BIG).map((d) => d.id));
    const statusOf = async (id: string) => (await db('documents').where({ id }).first('status')).status as string;
    const deliverJobs = () => db('jobs').where({ kind: 'deliver' });

    const random = lcg(16);
    let killsDuringBigDelivery = 0;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const pending = [];
      for (const d of docs) if ((await statusOf(d.id)) === 'signed') pending.push(d);
      const unfinished = await count(deliverJobs().whereNull('done_at').count({ n: '*' }));
      if (pending.length === 0 && unfinished === 0) break;
      const clerk = await as('vanthu.tinh');
      // Two issues in flight (the client gives up when the connection drops, and retries next round).
      for (const d of pending.slice(0, 2)) void clerk.post(`/documents/${d.id}/issue`).catch(() => undefined);
      const bigInFlight = pending.some((d) => bigIds.has(d.id)) || (await deliverJobs().whereNull('done_at').select('payload')).some((j) => bigIds.has(j.payload.documentId));
      if (round % 2 === 0 && bigInFlight) {
        // Kill while a thousand-recipient batch is being written, as soon as a worker has claimed one.
        const until = Date.now() + 15_000;
        while (Date.now() < until) {
          const claimed = await deliverJobs().whereNull('done_at').where('locked_until', '>', db.fn.now()).select('payload');
          if (claimed.some((j) => bigIds.has(j.payload.documentId))) {
            killsDuringBigDelivery += 1;
            break;
          }
          await sleep(10);
        }
      } else {
        // Anywhere: while numbering and sealing, committing, or fanning out.
        await sleep(30 + random() * 900);
      }
      await kill();
      url = await start();
    }

    // Last run, left alone: whatever is still signed gets issued, queued batches finish.
    const clerk = await as('vanthu.tinh');
    for (const d of docs) if ((await statusOf(d.id)) === 'signed') expect((await clerk.post(`/documents/${d.id}/issue`)).status).toBe(200);
    const settled = Date.now() + 60_000;
    // A document numbered by a request that was killed is finished by its job (due after the lease), which then queues its deliveries.
    const unfinished = () => db('jobs').whereIn('kind', ['deliver', 'finish-issue']).whereNull('done_at').count<{ n: string | number }[]>({ n: '*' });
    while ((await count(unfinished())) > 0 && Date.now() < settled) await sleep(200);
    await kill();

    expect(killsDuringBigDelivery).toBeGreaterThan(0);
    // Some thousand-recipient batch was claimed, killed, and run again after the lease ran out.
    const bigJobs = (await deliverJobs().select('payload', 'attempts', 'done_at', 'last_error')).filter((j) => bigIds.has(j.payload.documentId));
    expect(bigJobs.some((j) => j.attempts > 1)).toBe(true);
    expect(bigJobs.every((j) => j.done_at !== null && j.last_error === null)).toBe(true);

    // Numbering: 1..4 in the outgoing register of the year, each once; the counter agrees.
    const issued = await db('documents').whereIn('id', docs.map((d) => d.id));
    expect(issued.map((d) => d.status)).toEqual(docs.map(() => 'issued'));
    const numbers = issued.map((d) => d.number).sort((a, b) => a - b);
    expect(numbers).toEqual(docs.map((_, i) => i + 1));
    const counter = await db('register_counters').where({ register_id: issued[0].register_id, year: issued[0].register_year }).first();
    expect(counter.last_number).toBe(docs.length);
    expect(await count(db('documents').where({ organization_id: issued[0].organization_id, direction: 'outgoing' }).whereNotNull('number').whereNot('status', 'issued').count({ n: '*' }))).toBe(0);

    // Each issued document is whole: its sealed file stored and recorded as the issued version, its issue audited once.
    const blobs = await createLocalBlobStore({ root: path.join(dataDir, 'blobs') });
    for (const doc of issued) {
      expect(doc.symbol).toMatch(new RegExp(`^${String(doc.number).padStart(2, '0')}/QĐ-`));
      expect(await blobs.has(doc.file_key)).toBe(true);
      const version = await db('document_versions').where({ document_id: doc.id, kind: 'issued' });
      expect(version.map((v) => v.file_key)).toEqual([doc.file_key]);
      expect(await count(db('audit_events').where({ action: 'document.issue', object_id: doc.id }).count({ n: '*' }))).toBe(1);
    }

    // Every delivery exactly once: one per recipient, one copy, one timeline entry, one inbox:new per clerk, one audit entry.
    const clerkOf = new Map(communes.clerks.map((c) => [c.organizationId, c.id]));
    for (const d of docs) {
      const deliveries = await db('deliveries').where({ document_id: d.id });
      expect(deliveries).toHaveLength(d.recipients.length);
      const copies = await db('documents').whereIn('source_delivery_id', deliveries.map((x) => x.id)).select('id', 'organization_id');
      expect(copies).toHaveLength(d.recipients.length);
      expect(new Set(copies.map((c) => c.organization_id)).size).toBe(d.recipients.length);
      expect(await count(db('delivery_events').whereIn('delivery_id', deliveries.map((x) => x.id)).count({ n: '*' }))).toBe(d.recipients.length);
      const notes = await db('notifications').where({ type: 'inbox:new' }).whereRaw("payload->>'documentId' = ANY(?)", [copies.map((c) => c.id)]).select('user_id', 'payload');
      expect(notes).toHaveLength(d.recipients.length);
      expect(new Set(notes.map((n) => n.user_id))).toEqual(new Set(copies.map((c) => clerkOf.get(c.organization_id))));
      expect(await count(db('audit_events').where({ action: 'delivery.arrive' }).whereIn('object_id', copies.map((c) => c.id)).count({ n: '*' }))).toBe(d.recipients.length);
    }

    // A restart collects what the kills left: no temp or partial file anywhere, no unreferenced
    // blob, and every referenced one still there (checked above for the issued files).
    // This boot's collection is the one queued after the earlier boots' (it runs once the grace period is over).
    const bootJobs = () => db('jobs').where({ kind: 'blob-gc' }).where('unique_key', 'like', 'blob-gc:boot:%');
    const earlierBoots = Number((await bootJobs().max({ id: 'id' }))[0].id ?? 0);
    url = await start();
    const bootCollection = () => bootJobs().where('id', '>', earlierBoots).orderBy('id', 'desc').first('done_at');
    const collected = Date.now() + 60_000;
    while (!(await bootCollection())?.done_at && Date.now() < collected) await sleep(200);
    expect((await bootCollection())?.done_at).toBeTruthy();
    await kill();
    const leftovers: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.part$|\.tmp$/.test(e.name) || full.includes(`${path.sep}.tmp${path.sep}`) || full.startsWith(path.join(dataDir, 'tmp') + path.sep)) leftovers.push(full);
      }
    };
    walk(dataDir);
    expect(leftovers).toEqual([]);
    for await (const blob of blobs.list()) expect([blob.key, await isBlobReferenced(db, blob.key)]).toEqual([blob.key, true]);

    const verify = await run(process.execPath, [cli, 'audit', 'verify'], { env: { ...process.env, ...env }, cwd: root });
    expect(verify.stdout).toMatch(/Chuỗi nhật ký toàn vẹn: \d+ sự kiện/);
  }, 600_000);
});
