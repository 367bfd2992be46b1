import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { startVanban, type Vanban } from '../server/composition';
import { loadConfig } from '../server/config/env';
import type { PushedEvent } from '../server/contract/events';
import { seedManyCommunes } from '../server/seed/seed-many-communes';
import { DEMO_PIN } from '../server/seed/seed-demo-pki';
import { AGENCY_KEY_MEMORY_MS, unlockOrganizationKey } from '../server/signing-keys/unlock-key';
import { client, draftPdf, dropDatabase, freshDatabase, inParallel, databaseTransport, percentile, pgbenchTps, postgresCpuMs, threadCpuMs, threadCpuSplit, type Call } from './bench-support';
import { IssueProfile, printProfile } from './issue-profile';
import { CpuProfile, summarizeProfile } from './cpu-profile';

/**
 * `npm run bench -- issue [--profile] [--cpu-profile]`: the issue path at provincial scale, on PostgreSQL, next to
 * pgbench in the same run. Three targets (issue #16):
 *  - a document to 1,000 recipient agencies (one clerk socket each): `inbox:new` on every socket
 *    within 2 s of the issue request, p99;
 *  - issue-and-deliver to 10 recipients: ≥ 50 documents/s;
 *  - the issue request for 10 recipients: < 150 ms p95.
 * `--profile` adds where the time of one issue goes (signing phases, SQL by purpose, realtime).
 * `--cpu-profile` records the main thread's CPU profile over the throughput phase only (bench/cpu-profile.ts).
 */

const PROVINCE = '000.00.00.H06';
const PASSWORD = 'Bench-demo-2026';
const BIG = Number(process.env.BENCH_BIG_RECIPIENTS ?? 1000);
const BIG_DOCUMENTS = Number(process.env.BENCH_BIG_DOCUMENTS ?? 3);
const SMALL = 10;
const LATENCY_DOCUMENTS = Number(process.env.BENCH_LATENCY_DOCUMENTS ?? 20);
const THROUGHPUT_DOCUMENTS = Number(process.env.BENCH_THROUGHPUT_DOCUMENTS ?? 40);
const CONCURRENCY = 4;

/** CPU of this process's finished child processes (the PDF text extraction ran one per file), from /proc; 0 elsewhere. */
function childCpuMs(): number {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // After the command name: cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 per second on Linux).
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return 0;
  }
}

export async function runIssueBench(flags: string[] = []): Promise<void> {
  const wantProfile = flags.includes('--profile');
  const wantCpuProfile = flags.includes('--cpu-profile');
  const dbName = `vanban_issue_bench_${process.pid}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-issue-bench-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', VANBAN_DATA_DIR: dataDir, DATABASE_URL: await freshDatabase(dbName), VANBAN_DEMO: '1', VANBAN_DEMO_PKI: '1', VANBAN_DEMO_PASSWORD: PASSWORD, VANBAN_KDF_LOG_N: '10', LOG_LEVEL: 'silent', ...(process.env.VANBAN_SEAL_WORKERS ? { VANBAN_SEAL_WORKERS: process.env.VANBAN_SEAL_WORKERS } : {}) });
  let vanban: Vanban | null = null;
  const sockets: Socket[] = [];
  try {
    vanban = await startVanban(config, { logger: pino({ level: 'silent' }) });
    const url = vanban.url;
    const communes = await seedManyCommunes(vanban.db, { parentCode: PROVINCE, count: BIG, codePrefix: 'H06.TT', usernamePrefix: 'vanthu.tt', password: PASSWORD, kdfLogN: 10 });
    const anon = client(url);
    const login = async (username: string): Promise<{ call: Call; token: string; id: string }> => {
      const res = await anon('POST', '/auth/login', { username, password: PASSWORD });
      return { call: client(url, res.token), token: res.token, id: res.user.id };
    };
    const official = await login('chuyenvien.tinh');
    const leader = await login('lanhdao.tinh');
    const clerk = await login('vanthu.tinh');
    const leaderName = (await leader.call('GET', '/auth/me')).fullName as string;
    const pdf = await draftPdf(leaderName);
    const allCodes = communes.organizations.map((o) => o.code);
    const smallCodes = allCodes.slice(0, SMALL);

    const prepare = async (subject: string, recipients: string[]): Promise<string> => {
      const form = new FormData();
      form.append('meta', JSON.stringify({ docType: 'QĐ', subject, recipients }));
      form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'qd.pdf');
      const draft = await official.call('POST', '/outgoing', form);
      await official.call('POST', `/documents/${draft.id}/submit`, { leaderId: leader.id });
      await leader.call('POST', `/documents/${draft.id}/sign`, { pin: DEMO_PIN, page: 1, rect: [340, 140, 200, 70] });
      return draft.id as string;
    };
    const prepStarted = performance.now();
    const latencyIds = await inParallel([...Array(LATENCY_DOCUMENTS).keys()], CONCURRENCY, (i) => prepare(`Quyết định thử tải (độ trễ) số ${i + 1}`, smallCodes));
    const throughputIds = await inParallel([...Array(THROUGHPUT_DOCUMENTS).keys()], CONCURRENCY, (i) => prepare(`Quyết định thử tải (thông lượng) số ${i + 1}`, smallCodes));
    const bigIds = await inParallel([...Array(BIG_DOCUMENTS).keys()], CONCURRENCY, (i) => prepare(`Quyết định gửi toàn tỉnh số ${i + 1}`, allCodes));
    const prepSeconds = (performance.now() - prepStarted) / 1000;

    // One socket per recipient clerk; each inbox:new is stamped with its arrival time, per clerk.
    let onInbox: (clerkIndex: number, event: PushedEvent, at: number) => void = () => undefined;
    const connectStarted = performance.now();
    await inParallel(communes.clerks, 20, async (c, i) => {
      const { token } = await login(c.username);
      const socket = connectSocket(url, { transports: ['websocket'], reconnection: false, auth: { token } });
      socket.on('event', (event: PushedEvent, ack?: () => void) => {
        if (event.type === 'inbox:new') onInbox(i, event, performance.now());
        ack?.();
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
    });
    const connectSeconds = (performance.now() - connectStarted) / 1000;

    // Every stored draft queued a text extraction for search (a child process each): let that backlog of the setup
    // finish, so the measured phases compete only with work the issues themselves cause.
    const drainStarted = performance.now();
    const pendingTextJobs = async () => Number((await vanban!.db('jobs').where({ kind: 'pdf-text' }).whereNull('done_at').count({ n: '*' }))[0].n);
    const backlog = await pendingTextJobs();
    while ((await pendingTextJobs()) > 0 && performance.now() - drainStarted < 300_000) await new Promise((r) => setTimeout(r, 250));
    const drainSeconds = (performance.now() - drainStarted) / 1000;

    const profile = wantProfile ? new IssueProfile(vanban.db) : null;
    const issue = async (id: string): Promise<number> => {
      const started = performance.now();
      await clerk.call('POST', `/documents/${id}/issue`, {});
      return performance.now() - started;
    };

    // 1. Request latency, 10 recipients, one at a time (profiled when asked).
    profile?.record(true);
    const latencies: number[] = [];
    for (const id of latencyIds) latencies.push(await issue(id));
    profile?.record(false);
    const smallProfile = profile?.snapshot();
    const smallStatements = profile?.statements ?? 0;
    const smallTexts = profile ? new Map(profile.texts) : undefined;
    profile?.reset();

    // 2. Throughput, 10 recipients, four clerks' requests in flight (pgbench runs four clients too).
    let thrStatements = 0;
    // A transaction's BEGIN travels with its first statement (server/db/deferred-begin.ts): not a round trip.
    const countStatement = (q: { sql: string }) => void (/^BEGIN;?$/i.test(q.sql) || (thrStatements += 1));
    vanban.db.on('query', countStatement);
    const cpuProfile = wantCpuProfile ? await CpuProfile.start() : null;
    const thrStarted = performance.now();
    const thrCpu = process.cpuUsage();
    const thrThreads = threadCpuMs();
    const thrChildCpu = childCpuMs();
    const thrPgCpu = postgresCpuMs();
    await inParallel(throughputIds, CONCURRENCY, (id) => issue(id));
    const thrSeconds = (performance.now() - thrStarted) / 1000;
    // This process runs the server and the HTTP clients: its CPU per document (all its threads),
    // spread over every core with nothing left for PostgreSQL, bounds the rate this machine can reach.
    const thrCpuUsed = process.cpuUsage(thrCpu);
    const thrThreadSplit = threadCpuSplit(thrThreads, threadCpuMs(), THROUGHPUT_DOCUMENTS);
    const childCpuPerDocumentMs = (childCpuMs() - thrChildCpu) / THROUGHPUT_DOCUMENTS;
    const pgCpuAfter = postgresCpuMs();
    const pgCpuPerDocumentMs = thrPgCpu === null || pgCpuAfter === null ? null : (pgCpuAfter - thrPgCpu) / THROUGHPUT_DOCUMENTS;
    const recorded = await cpuProfile?.stop('vanban-issue-throughput');
    vanban.db.off('query', countStatement);
    const cpuPerDocumentMs = (thrCpuUsed.user + thrCpuUsed.system) / 1000 / THROUGHPUT_DOCUMENTS;
    const sequentialPerSecond = (1000 * latencies.length) / latencies.reduce((a, b) => a + b, 0);

    // 3. A document to every commune: arrival of inbox:new on each recipient clerk's socket.
    const arrivalsMs: number[] = [];
    const bigRequestMs: number[] = [];
    let duplicates = 0;
    let missing = 0;
    profile?.record(true);
    for (const id of bigIds) {
      const subject = (await clerk.call('GET', `/documents/${id}`)).document.subject as string;
      const seen = new Array<number | null>(communes.clerks.length).fill(null);
      let count = 0;
      let all!: () => void;
      const done = new Promise<void>((resolve) => (all = resolve));
      const timeout = setTimeout(() => all(), 30_000);
      const started = performance.now();
      onInbox = (i, event, at) => {
        if (event.payload.subject !== subject) return;
        if (seen[i] !== null) {
          duplicates += 1;
          return;
        }
        seen[i] = at - started;
        if (++count === seen.length) all();
      };
      await clerk.call('POST', `/documents/${id}/issue`, {});
      bigRequestMs.push(performance.now() - started);
      await done;
      clearTimeout(timeout);
      // Late duplicates would show up here.
      await new Promise((r) => setTimeout(r, 200));
      for (const s of seen) if (s === null) missing += 1;
      else arrivalsMs.push(s);
    }
    profile?.record(false);
    const bigProfile = profile?.snapshot();
    const bigStatements = profile?.statements ?? 0;
    profile?.close();

    const [sealed] = await vanban.db('signing_keys').where({ owner_type: 'organization' }).select('owner_id');
    // The opened key is kept in memory for a few minutes: measure the stretch itself (cold) and what an issue pays (warm).
    vanban.workflow.agencyKeys.forget();
    const unsealStarted = performance.now();
    await unlockOrganizationKey(vanban.workflow, sealed.owner_id);
    const unsealMs = performance.now() - unsealStarted;
    const warmStarted = performance.now();
    await unlockOrganizationKey(vanban.workflow, sealed.owner_id);
    const warmUnsealMs = performance.now() - warmStarted;

    for (const s of sockets) s.disconnect();
    sockets.length = 0;
    const tps = pgbenchTps();

    const thrPerSecond = THROUGHPUT_DOCUMENTS / thrSeconds;
    const p99 = percentile(arrivalsMs, 99);
    const p95 = percentile(latencies, 95);
    console.log(`\n== Issue at provincial scale (PostgreSQL; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end)`);
    console.log(`setup: ${BIG} communes with a clerk each; ${latencyIds.length + throughputIds.length + bigIds.length} drafts signed in ${prepSeconds.toFixed(1)} s; ${BIG} sockets connected in ${connectSeconds.toFixed(1)} s`);
    console.log(`setup's text extraction backlog: ${backlog} files, waited ${drainSeconds.toFixed(1)} s before measuring`);
    console.log(`pgbench TPS (TPC-B, 4 clients, same server, same run): ${tps.toFixed(0)}; both reach PostgreSQL by ${databaseTransport()}`);
    console.log(`${'target'.padEnd(58)}${'measured'.padStart(14)}${'goal'.padStart(10)}  pgbench ratio`);
    console.log(`${`inbox:new on all ${BIG} recipient sockets, p99 after request`.padEnd(58)}${`${p99.toFixed(0)} ms`.padStart(14)}${'< 2000 ms'.padStart(10)}  ${((p99 / 1000) * tps).toFixed(0)} pgbench tx in that time`);
    console.log(`${`issue-and-deliver, ${SMALL} recipients, ${CONCURRENCY} in flight`.padEnd(58)}${`${thrPerSecond.toFixed(1)} /s`.padStart(14)}${'≥ 50 /s'.padStart(10)}  one document = ${(tps / thrPerSecond).toFixed(0)} pgbench tx`);
    console.log(`${`  Node CPU per document in that run (server + clients)`.padEnd(58)}${`${cpuPerDocumentMs.toFixed(1)} ms`.padStart(14)}${''.padStart(10)}  all ${os.cpus().length} cores: at most ${((1000 * os.cpus().length) / cpuPerDocumentMs).toFixed(0)} /s`);
    if (thrThreadSplit) console.log(`    by thread (ms per document): ${thrThreadSplit}`);
    if (pgCpuPerDocumentMs !== null) {
      const total = cpuPerDocumentMs + childCpuPerDocumentMs + pgCpuPerDocumentMs;
      console.log(`${`  PostgreSQL CPU per document (all its processes)`.padEnd(58)}${`${pgCpuPerDocumentMs.toFixed(1)} ms`.padStart(14)}${''.padStart(10)}  Node + PostgreSQL ${total.toFixed(1)} ms: at most ${((1000 * os.cpus().length) / total).toFixed(0)} /s`);
    }
    console.log(`${`  child processes' CPU per document (background jobs)`.padEnd(58)}${`${childCpuPerDocumentMs.toFixed(1)} ms`.padStart(14)}`);
    console.log(`${`  SQL statements per document in that run (with its jobs)`.padEnd(58)}${(thrStatements / THROUGHPUT_DOCUMENTS).toFixed(0).padStart(14)}`);
    console.log(`${`issue-and-deliver, ${SMALL} recipients, one at a time`.padEnd(58)}${`${sequentialPerSecond.toFixed(1)} /s`.padStart(14)}${''.padStart(10)}  one document = ${(tps / sequentialPerSecond).toFixed(0)} pgbench tx`);
    console.log(`${`issue request, ${SMALL} recipients, p95 (p50 ${percentile(latencies, 50).toFixed(0)} ms)`.padEnd(58)}${`${p95.toFixed(0)} ms`.padStart(14)}${'< 150 ms'.padStart(10)}  ${((p95 / 1000) * tps).toFixed(0)} pgbench tx in that time`);
    console.log(`${BIG}-recipient issue: request ${bigRequestMs.map((m) => m.toFixed(0)).join(', ')} ms; inbox:new p50 ${percentile(arrivalsMs, 50).toFixed(0)} ms, max ${Math.max(...arrivalsMs).toFixed(0)} ms; missing ${missing}, duplicates ${duplicates}`);
    console.log(`agency seal key unseal (scrypt at logN ${config.VANBAN_KDF_LOG_N}): ${unsealMs.toFixed(1)} ms cold, then kept ${AGENCY_KEY_MEMORY_MS / 60_000} min: ${warmUnsealMs.toFixed(1)} ms per issue (row read)`);
    if (smallProfile) printProfile(`profile: issue to ${SMALL} recipients, mean of ${latencyIds.length} sequential issues`, smallProfile, latencyIds.length, latencies.reduce((a, b) => a + b, 0), smallStatements, smallTexts);
    if (recorded) {
      summarizeProfile(recorded.profile, THROUGHPUT_DOCUMENTS, 'doc');
      console.log(`CPU profile written to ${recorded.file}`);
    }
    if (bigProfile) printProfile(`profile: issue to ${BIG} recipients, mean of ${bigIds.length} issues`, bigProfile, bigIds.length, bigRequestMs.reduce((a, b) => a + b, 0), bigStatements);
  } finally {
    for (const s of sockets) s.disconnect();
    await vanban?.stop();
    await dropDatabase(dbName);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
