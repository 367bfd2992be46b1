import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import knexFactory from 'knex';

/** Shared by the PostgreSQL benchmarks: throwaway databases, an API client, a draft PDF, the pgbench floor. */

/**
 * Loopback TCP by default, like earlier rounds' results. A same-host Unix socket can be given as
 * `postgres://postgres@localhost:5432/test?host=/var/run/postgresql` (pgbench then uses it too): measured on this machine
 * it made pgbench 20–25% faster and the issue path no faster, so the ratios are like for like only with both on it.
 */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** How the benches reach PostgreSQL, for their reports. */
export const databaseTransport = (): string => {
  const host = new URL(ADMIN_URL).searchParams.get('host');
  return host ? `Unix socket ${host}` : `TCP ${new URL(ADMIN_URL).host}`;
};

export async function freshDatabase(name: string): Promise<string> {
  const admin = knexFactory({ client: 'pg', connection: ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = knexFactory({ client: 'pg', connection: ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.destroy();
}

export type Call = (method: string, p: string, body?: unknown) => Promise<any>; // JSON as the API sends it

/**
 * The bench's HTTP client. JSON calls go through node:http with a keep-alive agent: the clients run in the server's
 * process, on the same two cores, and fetch cost several times more CPU per request than the plain client (a tenth of
 * the measured CPU per issued document). Multipart uploads (setup only) use fetch's FormData.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function jsonRequest(url: URL, method: string, headers: Record<string, string>, body: string | undefined): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function client(base: string, token?: string): Call {
  return async (method, p, body) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body instanceof FormData) {
      const res = await fetch(`${base}/api/v1${p}`, { method, headers, body });
      const json = await res.json().catch(() => null);
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await jsonRequest(new URL(`${base}/api/v1${p}`), method, headers, body === undefined ? undefined : JSON.stringify(body));
    let json: unknown = null;
    try {
      json = JSON.parse(res.text);
    } catch {
      json = null;
    }
    if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** A one-page draft with the number/date fields and the leader's name to anchor the signature. */
export async function draftPdf(signerName: string, title = 'QUYET DINH (benchmark)'): Promise<Buffer> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const form = doc.getForm();
  form.createTextField('so_ky_hieu').addToPage(page, { x: 60, y: 735, width: 180, height: 18, borderWidth: 0 });
  form.createTextField('ngay_ban_hanh').addToPage(page, { x: 300, y: 735, width: 250, height: 18, borderWidth: 0 });
  page.drawText(title, { x: 150, y: 680, size: 14, font });
  page.drawText(signerName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd'), { x: 370, y: 120, size: 12, font });
  return Buffer.from(await doc.save());
}

/** pgbench TPC-B, 4 clients for 10 s, on a scratch database of the same server. */
export function pgbenchTps(seconds = 10): number {
  const name = `vanban_pgbench_${process.pid}`;
  const url = new URL(ADMIN_URL);
  const env = { ...process.env, PGHOST: url.searchParams.get('host') ?? url.hostname, PGPORT: url.port || '5432', PGUSER: decodeURIComponent(url.username || 'postgres') };
  execFileSync('createdb', [name], { env });
  try {
    execFileSync('pgbench', ['-i', '-q', '-s', '1', name], { env, stdio: 'pipe' });
    const out = execFileSync('pgbench', ['-n', '-c', '4', '-j', '2', '-T', String(seconds), name], { env, encoding: 'utf8' });
    return Number(/tps = ([\d.]+)/.exec(out)![1]);
  } finally {
    execFileSync('dropdb', ['--force', name], { env });
  }
}

export const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inParallel<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i], i);
      }
    }),
  );
  return results;
}

/**
 * CPU time (ms) used so far by every PostgreSQL server process on this machine, live ones only, from /proc; null where
 * /proc is missing. Backends that exit between two readings drop out, so measure over a phase whose connections stay
 * open (the pool keeps them).
 */
export function postgresCpuMs(): number | null {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  let ticks = 0;
  for (const pid of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!name.startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat(5); after the name they sit at 11 and 12, in 1/100 s ticks.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while we read.
    }
  }
  return ticks * 10;
}

/**
 * CPU time (ms) of each thread of this process, by thread id, from /proc; empty where /proc is missing. Node's threads
 * all carry the name `node`: the main thread's id is the process id, the busiest other thread in the issue bench is
 * the seal worker. Shows where a process's CPU goes besides the main thread a sampling profile sees.
 */
export function threadCpuMs(): Map<string, number> {
  const byThread = new Map<string, number>();
  let tasks: string[];
  try {
    tasks = fs.readdirSync('/proc/self/task');
  } catch {
    return byThread;
  }
  for (const tid of tasks) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byThread.set(tid === String(process.pid) ? 'main' : `thread ${tid}`, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The thread ended while we read.
    }
  }
  return byThread;
}

/** `after` minus `before`, per thread, largest first, as "main 12.3, thread 4711 4.5" per `per`. */
export function threadCpuSplit(before: Map<string, number>, after: Map<string, number>, per: number): string {
  return [...after]
    .map(([name, ms]) => [name, (ms - (before.get(name) ?? 0)) / per] as const)
    .filter(([, ms]) => ms >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
    .join(', ');
}
