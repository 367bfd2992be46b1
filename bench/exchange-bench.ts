import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import knexFactory from 'knex';
import pino from 'pino';
import { loadConfig } from '../server/config/env';
import { startVanban } from '../server/composition';
import { createAxisClient } from '../server/exchange/axis/axis-client';
import { startAxisSimulator } from '../server/exchange/axis/axis-simulator';
import { readEdxml, writeEdxmlPackage, type EdxmlHeader } from '../server/exchange/edxml';
import { pollAxis } from '../server/exchange/poll-axis';
import { importOrganizations } from '../server/organizations/import-organizations';

const PACKAGES = Number(process.env.BENCH_PACKAGES ?? 40);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = `vanban_exchange_bench_${process.pid}`;

async function onAdmin(sql: string): Promise<void> {
  const admin = knexFactory({ client: 'pg', connection: ADMIN_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(sql);
  } finally {
    await admin.destroy();
  }
}
const SENDER = '000.00.00.G22';
const RECEIVER = '000.00.32.H53';

const header = (n: number): Omit<EdxmlHeader, 'references'> => ({
  message: {
    from: { organId: SENDER, organName: 'Văn phòng Chính phủ' },
    to: [{ organId: RECEIVER, organName: 'UBND huyện Châu Thành' }],
    documentId: `${SENDER},2026/12/01,${n}/VPCP-HC`,
    codeNumber: String(n),
    codeNotation: 'VPCP-HC',
    promulgationDate: '2026-12-01',
    typeName: 'Công văn',
    subject: `Công văn số ${n} (đo hiệu năng)`,
    toPlaces: [],
    priority: 0,
    responseFor: [],
  },
  business: { docType: 0, replacements: [] },
  traces: [],
});

async function pdfBytes(): Promise<Buffer> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Cong van (benchmark)', { x: 150, y: 680, size: 14, font: await doc.embedFont(StandardFonts.TimesRoman) });
  // Scanned-appendix sized: ~200 KB of incompressible content.
  doc.attach(randomBytes(200_000), 'phu-luc.bin', { mimeType: 'application/octet-stream' });
  return Buffer.from(await doc.save());
}

const once = (bytes: Buffer) => async () => (async function* () {
  yield bytes;
})();

async function packageText(n: number, pdf: Buffer): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeEdxmlPackage(out, header(n), [{ contentId: 'cid:1', attachmentName: 'cong-van.pdf', contentType: 'application/pdf', open: once(pdf) }]);
  out.end();
  return Buffer.concat(chunks);
}

/** Packages per second through the simulator into a real Vanban (parse, store, verify, register, status queued) vs the bare axis round trip. */
async function endToEnd(work: string): Promise<void> {
  const axis = await startAxisSimulator({ dataDir: path.join(work, 'axis'), systems: [{ systemId: 'SENDER', secret: 'sender-secret', organizations: [SENDER] }, { systemId: 'RECEIVER', secret: 'receiver-secret', organizations: [RECEIVER] }] });
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', VANBAN_DATA_DIR: path.join(work, 'b'), VANBAN_DEMO: '0', VANBAN_ADMIN_PASSWORD: 'bench-admin-Pa55', VANBAN_SECRET_KEY: 'ab'.repeat(32), VANBAN_KDF_LOG_N: '10', LOG_LEVEL: 'silent', VANBAN_JOB_POLL_MS: '600000',
    VANBAN_AXIS_URL: axis.url, VANBAN_AXIS_SYSTEM_ID: 'RECEIVER', VANBAN_AXIS_SECRET: 'receiver-secret', VANBAN_AXIS_POLL_SECONDS: '3600',
    DATABASE_URL: Object.assign(new URL(ADMIN_URL), { pathname: `/${DB_NAME}` }).toString(),
  });
  await onAdmin(`CREATE DATABASE ${DB_NAME}`);
  const b = await startVanban(config, { logger: pino({ level: 'silent' }) });
  try {
    await importOrganizations(b.db, null, [
      { code: SENDER, name: 'Văn phòng Chính phủ', abbreviation: 'VPCP', level: 'central', external: true },
      { code: '000.00.00.H53', name: 'UBND tỉnh Tây Ninh', abbreviation: 'UBND', level: 'province', children: [{ code: RECEIVER, name: 'UBND huyện Châu Thành', abbreviation: 'UBND', level: 'district' }] },
    ]);
    const pdf = await pdfBytes();
    const packages = await Promise.all(Array.from({ length: PACKAGES }, (_, i) => packageText(i + 1, pdf)));
    const sender = createAxisClient({ url: axis.url, systemId: 'SENDER', secret: 'sender-secret' });
    const receiver = createAxisClient({ url: axis.url, systemId: 'RECEIVER', secret: 'receiver-secret' });

    // Peer: the same bytes through the axis with nothing done on arrival but reading them.
    let start = process.hrtime.bigint();
    for (const [i, bytes] of packages.entries()) await sender.send({ to: RECEIVER, type: 'edoc', idempotencyKey: `raw-${i}`, body: bytes.toString('utf8') });
    for (const item of await receiver.listReceived(500)) {
      for await (const _chunk of await receiver.fetchItem(item.id)); // eslint-disable-line @typescript-eslint/no-unused-vars
      await receiver.acknowledge(item.id);
    }
    const rawSeconds = Number(process.hrtime.bigint() - start) / 1e9;

    start = process.hrtime.bigint();
    for (const [i, bytes] of packages.entries()) await sender.send({ to: RECEIVER, type: 'edoc', idempotencyKey: `vanban-${i}`, body: bytes.toString('utf8') });
    const polled = await pollAxis(b.exchange);
    await b.jobs.drain(); // the 01 statuses back to the sender
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (polled.applied !== PACKAGES) throw new Error(`expected ${PACKAGES} packages applied, got ${JSON.stringify(polled)}`);
    const kb = Math.round(packages[0].length / 1024);
    console.log(`exchange end to end: ${PACKAGES} packages of ${kb} KB through the simulator into Vanban (PostgreSQL)`);
    console.log(`  Vanban receive: ${(PACKAGES / seconds).toFixed(1)} packages/s   bare axis round trip: ${(PACKAGES / rawSeconds).toFixed(1)} packages/s   ratio ${(rawSeconds / seconds).toFixed(3)}`);
  } finally {
    await b.stop();
    await axis.close();
    await onAdmin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  }
}

/** Reading a 50 MB package (SAX + strict base64 + unzip + SHA-256, streamed) against `base64 -d` of its attachment alone. */
async function bigPackage(work: string): Promise<void> {
  const file = path.join(work, 'big.edxml');
  const attachment = randomBytes(50 * 1024 * 1024);
  const out = fs.createWriteStream(file);
  await writeEdxmlPackage(out, header(1), [{ contentId: 'cid:1', attachmentName: 'ho-so.pdf', contentType: 'application/pdf', open: once(attachment) }]);
  await new Promise<void>((resolve) => out.end(resolve));
  const text = fs.readFileSync(file, 'utf8');
  const b64 = path.join(work, 'attachment.b64');
  fs.writeFileSync(b64, text.slice(text.indexOf('<edXML:Value>') + 13, text.indexOf('</edXML:Value>')));

  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let start = process.hrtime.bigint();
  const msg = await readEdxml(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), path.join(work, 'read'));
  const parse = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(sampler);
  if (msg.kind !== 'package' || msg.attachments[0].size !== attachment.length) throw new Error('big package not read back');

  start = process.hrtime.bigint();
  execFileSync('sh', ['-c', `base64 -d '${b64}' > /dev/null`]);
  const peer = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`exchange 50 MB package (${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB of XML):`);
  console.log(`  readEdxml ${parse.toFixed(2)} s   base64 -d of the attachment ${peer.toFixed(2)} s   ratio ${(parse / peer).toFixed(2)}   RSS growth while reading ${((peak - rssBefore) / 1024 / 1024).toFixed(0)} MiB`);
}

export async function runExchangeBench(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-exchange-bench-'));
  try {
    await endToEnd(work);
    await bigPackage(work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
