import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import pino from 'pino';
import { loadConfig } from '../server/config/env';
import { startVanban } from '../server/composition';
import { DEMO_PIN } from '../server/seed/seed-demo-pki';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 20);
const RECIPIENTS = 10;

async function freshDatabase(name: string): Promise<string> {
  const admin = knexFactory({ client: 'pg', connection: ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(name: string): Promise<void> {
  const admin = knexFactory({ client: 'pg', connection: ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.destroy();
}

function client(base: string, token?: string) {
  return async (method: string, p: string, body?: unknown): Promise<any> /* JSON as the API sends it */ => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${base}/api/v1${p}`, { method, headers, body: payload });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** A one-page draft with the number/date fields and the leader's name to anchor the signature. */
async function draftPdf(signerName: string): Promise<Buffer> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const form = doc.getForm();
  form.createTextField('so_ky_hieu').addToPage(page, { x: 60, y: 735, width: 180, height: 18, borderWidth: 0 });
  form.createTextField('ngay_ban_hanh').addToPage(page, { x: 300, y: 735, width: 250, height: 18, borderWidth: 0 });
  page.drawText('QUYET DINH (benchmark)', { x: 150, y: 680, size: 14, font });
  page.drawText(signerName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd'), { x: 370, y: 120, size: 12, font });
  return Buffer.from(await doc.save());
}

function pgbenchTps(): number {
  const name = `vanban_pgbench_${process.pid}`;
  const url = new URL(ADMIN_URL);
  const env = { ...process.env, PGHOST: url.hostname, PGPORT: url.port || '5432', PGUSER: decodeURIComponent(url.username || 'postgres') };
  execFileSync('createdb', [name], { env });
  try {
    execFileSync('pgbench', ['-i', '-q', '-s', '1', name], { env, stdio: 'pipe' });
    const out = execFileSync('pgbench', ['-n', '-c', '4', '-j', '2', '-T', '10', name], { env, encoding: 'utf8' });
    return Number(/tps = ([\d.]+)/.exec(out)![1]);
  } finally {
    execFileSync('dropdb', ['--force', name], { env });
  }
}

/**
 * Documents issued and delivered per second, each to ten organisations (number, fields, seal
 * signature, verification, ten copies with statuses and notifications), on PostgreSQL — next to
 * pgbench's TPS on the same server in the same run.
 */
export async function runWorkflowBench(): Promise<void> {
  const dbName = `vanban_bench_${process.pid}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-bench-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', VANBAN_DATA_DIR: dataDir, DATABASE_URL: await freshDatabase(dbName), VANBAN_DEMO: '1', VANBAN_DEMO_PKI: '1', VANBAN_KDF_LOG_N: '10', LOG_LEVEL: 'silent' });
  const vanban = await startVanban(config, { logger: pino({ level: 'silent' }) });
  try {
    const anon = client(vanban.url);
    const login = async (username: string) => client(vanban.url, (await anon('POST', '/auth/login', { username, password: config.VANBAN_DEMO_PASSWORD })).token);
    const admin = client(vanban.url, (await anon('POST', '/auth/login', { username: 'admin', password: config.VANBAN_ADMIN_PASSWORD })).token);
    for (const [code, name] of [['H06.XA.101', 'Ủy ban nhân dân xã Bench Một'], ['H06.XA.102', 'Ủy ban nhân dân xã Bench Hai']]) {
      await admin('POST', '/organizations', { code, name, abbreviation: 'UBND', level: 'commune', parentCode: '000.00.00.H06' });
    }
    interface Node { code: string; children: Node[] }
    const flatten = (nodes: Node[]): string[] => nodes.flatMap((n) => [n.code, ...flatten(n.children)]);
    const recipients = flatten((await admin('GET', '/organizations')).tree).filter((c) => c !== '000.00.00.H06').slice(0, RECIPIENTS);
    const official = await login('chuyenvien.tinh');
    const leader = await login('lanhdao.tinh');
    const clerk = await login('vanthu.tinh');
    const leaderMe = await leader('GET', '/auth/me');
    const pdf = await draftPdf(leaderMe.fullName);
    const ids: string[] = [];
    for (let i = 0; i < DOCUMENTS; i += 1) {
      const form = new FormData();
      form.append('meta', JSON.stringify({ docType: 'QĐ', subject: `Quyết định thử tải số ${i + 1}`, recipients }));
      form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'qd.pdf');
      const draft = await official('POST', '/outgoing', form);
      await official('POST', `/documents/${draft.id}/submit`, { leaderId: leaderMe.id });
      await leader('POST', `/documents/${draft.id}/sign`, { pin: DEMO_PIN, page: 1, rect: [340, 140, 200, 70] });
      ids.push(draft.id);
    }
    const started = process.hrtime.bigint();
    for (const id of ids) await clerk('POST', `/documents/${id}/issue`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const docsPerSecond = DOCUMENTS / seconds;
    const tps = pgbenchTps();
    console.log('\n== Workflow: issue and deliver (PostgreSQL)');
    console.log(`documents issued + delivered:  ${docsPerSecond.toFixed(2)} /s (${RECIPIENTS} recipients each, ${(docsPerSecond * RECIPIENTS).toFixed(1)} deliveries/s; ${DOCUMENTS} documents in ${seconds.toFixed(2)} s)`);
    console.log(`pgbench TPS (TPC-B, 4 clients): ${tps.toFixed(0)}`);
    console.log(`ratio: one issued document costs ${(tps / docsPerSecond).toFixed(0)} pgbench transactions`);
  } finally {
    await vanban.stop();
    await dropDatabase(dbName);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
