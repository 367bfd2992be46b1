import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { startVanban, type Vanban } from '../server/composition';
import { loadConfig } from '../server/config/env';
import type { PushedEvent } from '../server/realtime/events';

/**
 * `npm run bench -- realtime`: 1,000 authenticated Socket.IO clients on one in-process instance.
 * Clerks register and submit documents to their organisation's leader, whose ~1,000/9 sessions
 * each receive `inbox:new`; latency runs from the API response to each arrival. The floor is a
 * plain Socket.IO broadcast to the same sockets (same room), interleaved in the same run.
 * BENCH_DATABASE_URL runs it on PostgreSQL instead of the embedded PGlite.
 */

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const PASSWORD = 'Bench-demo-2026';
const ORGS = ['bo', 'tinh', 'stc', 'snv', 'tiendu', 'giabinh', 'hienvan', 'xuanlai', 'daidong'];

interface Api {
  post(path: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }>;
}

function apiAt(url: string): Api {
  return {
    async post(p, body, token) {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      let payload: BodyInit;
      if (body instanceof FormData) payload = body;
      else {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      }
      const res = await fetch(`${url}/api/v1${p}`, { method: 'POST', headers, body: payload });
      return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
    },
  };
}

async function login(api: Api, username: string): Promise<{ token: string; userId: string }> {
  const res = await api.post('/auth/login', { username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token as string, userId: (res.body.user as { id: string }).id };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function summary(name: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);
  return `${name.padEnd(34)}${ms(percentile(sorted, 50))}${ms(percentile(sorted, 99))}${ms(sorted[sorted.length - 1])}${String(sorted.length).padStart(9)}`;
}

/** Resolves when `count` arrivals have been recorded into `sink` (or after a timeout, with what arrived). */
function arrivals(count: number, sink: number[], timeoutMs = 20_000): { add(t: number): void; done: Promise<void> } {
  let seen = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const timer = setTimeout(finish, timeoutMs);
  return {
    add(t) {
      sink.push(t);
      if (++seen === count) {
        clearTimeout(timer);
        finish();
      }
    },
    done,
  };
}

export async function runRealtimeBench(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-rt-bench-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    VANBAN_DATA_DIR: dataDir,
    VANBAN_DEMO: '1',
    VANBAN_DEMO_PKI: '0',
    VANBAN_DEMO_PASSWORD: PASSWORD,
    VANBAN_KDF_LOG_N: '10',
    LOG_LEVEL: 'silent',
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
  });
  let vanban: Vanban | null = null;
  const sockets: Socket[] = [];
  try {
    vanban = await startVanban(config, { logger: pino({ level: 'silent' }) });
    const api = apiAt(vanban.url);
    const clerks = await Promise.all(ORGS.map((o) => login(api, `vanthu.${o}`)));
    const leaders = await Promise.all(ORGS.map((o) => login(api, `lanhdao.${o}`)));

    // Each client is its own session (its own login), spread over the organisations' leaders.
    let onEvent: (orgIndex: number, at: number) => void = () => undefined;
    let onPing: (orgIndex: number, at: number) => void = () => undefined;
    const perOrg = ORGS.map(() => 0);
    const connectStarted = performance.now();
    for (let i = 0; i < CLIENTS; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, CLIENTS - i) }, async (_, j) => {
          const org = (i + j) % ORGS.length;
          perOrg[org] += 1;
          const { token } = await login(api, `lanhdao.${ORGS[org]}`);
          const socket = connectSocket(vanban!.url, { transports: ['websocket'], reconnection: false, auth: { token } });
          socket.on('event', (_event: PushedEvent, ack?: () => void) => {
            onEvent(org, performance.now());
            ack?.();
          });
          socket.on('bench:ping', () => onPing(org, performance.now()));
          sockets.push(socket);
          await new Promise<void>((resolve, reject) => {
            socket.once('connect', () => resolve());
            socket.once('connect_error', reject);
          });
        }),
      );
    }
    const connectMs = performance.now() - connectStarted;

    const eventLatency: number[] = [];
    const eventFromRequest: number[] = [];
    const floorLatency: number[] = [];
    let beforeResponse = 0;
    let missing = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (let org = 0; org < ORGS.length; org++) {
        const form = new FormData();
        const meta = { issuer: 'Văn phòng Chính phủ', symbol: `${round * 10 + org + 1}/VPCP-M`, docType: 'CV', issuedDate: '2026-11-20', subject: `Công văn đo hiệu năng ${round}-${org}`, secrecy: 'mat' };
        form.append('meta', JSON.stringify(meta));
        const created = await api.post('/incoming', form, clerks[org].token);
        if (created.status !== 201) throw new Error(`register: ${created.status} ${JSON.stringify(created.body)}`);

        const raw: number[] = [];
        const wait = arrivals(perOrg[org], raw);
        onEvent = (o, at) => o === org && wait.add(at);
        const requestedAt = performance.now();
        const res = await api.post(`/documents/${created.body.id as string}/submit`, { leaderId: leaders[org].userId }, clerks[org].token);
        const respondedAt = performance.now();
        if (res.status !== 200) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
        await wait.done;
        missing += perOrg[org] - raw.length;
        for (const at of raw) {
          if (at < respondedAt) beforeResponse += 1;
          eventLatency.push(Math.max(0, at - respondedAt));
          eventFromRequest.push(at - requestedAt);
        }

        // The floor: the same payload size, to the same sockets, straight through Socket.IO.
        const pings: number[] = [];
        const pinged = arrivals(perOrg[org], pings);
        onPing = (o, at) => o === org && pinged.add(at);
        const sentAt = performance.now();
        vanban.realtime.io.to(`user:${leaders[org].userId}`).emit(
          // Not part of the typed protocol: a bench-only event on the same sockets.
          'bench:ping' as 'unread',
          { unread: 0, padding: 'x'.repeat(200) } as { unread: number },
        );
        await pinged.done;
        missing += perOrg[org] - pings.length;
        for (const at of pings) floorLatency.push(at - sentAt);
      }
    }

    console.log(`\n== Realtime inbox: ${CLIENTS} authenticated clients on one instance (${vanban.config.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`);
    console.log(`connected in ${connectMs.toFixed(0)} ms; ${ROUNDS * ORGS.length} submissions, each to ~${Math.round(CLIENTS / ORGS.length)} sockets`);
    console.log(`${''.padEnd(34)}${'p50'.padStart(10)}${'p99'.padStart(10)}${'max'.padStart(10)}${'samples'.padStart(9)}`);
    console.log(summary('inbox:new, after the API response', eventLatency));
    console.log(summary('inbox:new, after the API request', eventFromRequest));
    console.log(summary('plain Socket.IO broadcast (floor)', floorLatency));
    // Events are emitted on commit, before the HTTP response is written: most arrive before the client has read it (counted as 0).
    console.log(`arrived before the API response: ${beforeResponse} of ${eventLatency.length}; missing arrivals: ${missing}`);
  } finally {
    for (const s of sockets) s.disconnect();
    await vanban?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runRealtimeBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
