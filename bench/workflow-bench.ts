import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../server/config/env';
import { startVanban } from '../server/composition';
import { DEMO_PIN } from '../server/seed/seed-demo-pki';
import { client, draftPdf, dropDatabase, freshDatabase, pgbenchTps } from './bench-support';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 20);
const RECIPIENTS = 10;

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
    const admin = client(vanban.url, (await anon('POST', '/auth/login', { username: 'admin', password: config.adminPassword! })).token);
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
