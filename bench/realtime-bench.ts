import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import pino from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { startVanban, type Vanban } from '../server/composition';
import { loadConfig } from '../server/config/env';
import type { PushedEvent } from '../server/contract/events';
import { DEMO_PIN } from '../server/seed/seed-demo-pki';

/**
 * `npm run bench -- realtime`: 1,000 authenticated Socket.IO clients on one in-process instance,
 * each its own session of a clerk in one of seven organisations. The province issues documents to
 * those seven (draft, submit, sign, issue through the API); latency runs from the issue API's
 * response to each `inbox:new` arrival. The floor is a plain Socket.IO broadcast to the same
 * sockets (same rooms), interleaved in the same run. BENCH_DATABASE_URL runs it on PostgreSQL (an
 * empty database) instead of the embedded PGlite.
 */

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 10);
const PASSWORD = 'Bench-demo-2026';
const RECIPIENTS: Record<string, string> = {
  stc: '000.00.05.H06',
  snv: '000.00.09.H06',
  tiendu: '000.00.32.H06',
  giabinh: '000.00.33.H06',
  hienvan: '000.21.32.H06',
  xuanlai: '000.20.33.H06',
  daidong: 'H06.XA.001',
};
const ORGS = Object.keys(RECIPIENTS);

/** A one-page draft with the number and date fields the clerk's issue fills in. */
async function draftPdf(title: string): Promise<Blob> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText(title, { x: 60, y: 680, size: 14, font });
  const form = doc.getForm();
  form.createTextField('so_ky_hieu').addToPage(page, { x: 60, y: 735, width: 180, height: 18, borderWidth: 0 });
  form.createTextField('ngay_ban_hanh').addToPage(page, { x: 300, y: 735, width: 250, height: 18, borderWidth: 0 });
  return new Blob([new Uint8Array(await doc.save({ useObjectStreams: false }))], { type: 'application/pdf' });
}

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
    VANBAN_DEMO_PKI: '1',
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
    const official = await login(api, 'chuyenvien.tinh');
    const leader = await login(api, 'lanhdao.tinh');
    const sender = await login(api, 'vanthu.tinh');
    const clerkIds = await Promise.all(ORGS.map(async (o) => (await login(api, `vanthu.${o}`)).userId));

    // Each client is its own session (its own login), spread over the recipient clerks.
    let onEvent: (at: number) => void = () => undefined;
    let onPing: (at: number) => void = () => undefined;
    const connectStarted = performance.now();
    for (let i = 0; i < CLIENTS; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, CLIENTS - i) }, async (_, j) => {
          const { token } = await login(api, `vanthu.${ORGS[(i + j) % ORGS.length]}`);
          const socket = connectSocket(vanban!.url, { transports: ['websocket'], reconnection: false, auth: { token } });
          socket.on('event', (event: PushedEvent, ack?: () => void) => {
            if (event.type === 'inbox:new') onEvent(performance.now());
            ack?.();
          });
          socket.on('bench:ping', () => onPing(performance.now()));
          sockets.push(socket);
          await new Promise<void>((resolve, reject) => {
            socket.once('connect', () => resolve());
            socket.once('connect_error', reject);
          });
        }),
      );
    }
    const connectMs = performance.now() - connectStarted;

    const afterResponse: number[] = [];
    const afterRequest: number[] = [];
    const afterCommit: number[] = [];
    const floorAfterEmit: number[] = [];
    // Subscribed after the socket layer, so this runs once it has handed the batch to Socket.IO.
    let publishedAt = 0;
    vanban.publisher.subscribe((batch) => {
      if (batch.some((n) => n.type === 'inbox:new')) publishedAt = performance.now();
    });
    const floor: number[] = [];
    const issueMs: number[] = [];
    let beforeResponse = 0;
    let missing = 0;
    for (let n = 0; n < DOCUMENTS; n++) {
      const subject = `Quyet dinh do hieu nang so ${n + 1}`;
      const form = new FormData();
      form.append('meta', JSON.stringify({ docType: 'QĐ', subject, recipients: Object.values(RECIPIENTS) }));
      form.append('file', await draftPdf(subject), 'du-thao.pdf');
      const draft = await api.post('/outgoing', form, official.token);
      if (draft.status !== 201) throw new Error(`draft: ${draft.status} ${JSON.stringify(draft.body)}`);
      const id = draft.body.id as string;
      const submitted = await api.post(`/documents/${id}/submit`, { leaderId: leader.userId }, official.token);
      if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
      const signed = await api.post(`/documents/${id}/sign`, { pin: DEMO_PIN, page: 1, rect: [360, 100, 180, 60] }, leader.token);
      if (signed.status !== 200) throw new Error(`sign: ${signed.status} ${JSON.stringify(signed.body)}`);

      const raw: number[] = [];
      const wait = arrivals(CLIENTS, raw);
      onEvent = wait.add;
      const requestedAt = performance.now();
      const issued = await api.post(`/documents/${id}/issue`, {}, sender.token);
      const respondedAt = performance.now();
      if (issued.status !== 200) throw new Error(`issue: ${issued.status} ${JSON.stringify(issued.body)}`);
      issueMs.push(respondedAt - requestedAt);
      await wait.done;
      missing += CLIENTS - raw.length;
      for (const at of raw) {
        if (at < respondedAt) beforeResponse += 1;
        afterResponse.push(Math.max(0, at - respondedAt));
        afterRequest.push(at - requestedAt);
        afterCommit.push(at - publishedAt);
      }

      // The floor: a small payload to the same sockets, straight through Socket.IO.
      const pings: number[] = [];
      const pinged = arrivals(CLIENTS, pings);
      onPing = pinged.add;
      const sentAt = performance.now();
      vanban.realtime.io.to(clerkIds.map((id) => `user:${id}`)).emit(
        // Not part of the typed protocol: a bench-only event on the same sockets.
        'bench:ping' as 'unread',
        { unread: 0, padding: 'x'.repeat(200) } as { unread: number },
      );
      const emittedAt = performance.now();
      await pinged.done;
      missing += CLIENTS - pings.length;
      for (const at of pings) {
        floor.push(at - sentAt);
        floorAfterEmit.push(at - emittedAt);
      }
    }

    console.log(`\n== Realtime inbox: ${CLIENTS} authenticated clients on one instance (${vanban.config.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`);
    console.log(`connected in ${connectMs.toFixed(0)} ms; ${DOCUMENTS} documents issued to ${ORGS.length} organisations, each reaching all ${CLIENTS} sockets`);
    console.log(`${''.padEnd(34)}${'p50'.padStart(10)}${'p99'.padStart(10)}${'max'.padStart(10)}${'samples'.padStart(9)}`);
    console.log(summary('inbox:new, after the API response', afterResponse));
    console.log(summary('inbox:new, after the API request', afterRequest));
    console.log(summary('plain Socket.IO broadcast (floor)', floor));
    // Both from the moment the server has handed the messages to Socket.IO (emit returned).
    console.log(summary('inbox:new, after commit + emit', afterCommit));
    console.log(summary('plain broadcast, after emit', floorAfterEmit));
    console.log(summary('issue API call itself', issueMs));
    // Events are emitted on commit, before the HTTP response is written: most arrive before the client has read it (counted as 0).
    console.log(`arrived before the API response: ${beforeResponse} of ${afterResponse.length}; missing arrivals: ${missing}`);
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
