import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createAxisClient } from '../../../server/exchange/axis/axis-client';
import { writeEdxmlPackage } from '../../../server/exchange/edxml';
import { ensureBuilt, freePort } from '../realtime/instances';
import { bytesAttachment, NS, packageBytes, sampleHeader } from '../exchange/edxml-fixtures';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/server/cli/main.js');

async function vanban(args: string[], nodeOptions: string[] = []) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...nodeOptions, cli, ...args], { cwd: root, maxBuffer: 10 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('vanban edxml and vanban axis (compiled)', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-edxml-cli-'));
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('validates a package, prints its summary, and unpacks it with attachments byte for byte', async () => {
    const pdf = randomBytes(120_000);
    const file = path.join(dir, 'goi.edxml');
    fs.writeFileSync(file, await packageBytes(sampleHeader(), [bytesAttachment('quyet-dinh.pdf', pdf), bytesAttachment('quyet-dinh.pdf', Buffer.from('bản sao'), 'cid:2')]));
    const valid = await vanban(['edxml', 'validate', file]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('Gói tin edXML hợp lệ: 000.00.00.H53,2026/12/01,07/QĐ-UBND');
    expect(valid.stdout).toContain(`quyet-dinh.pdf (application/pdf, ${pdf.length} byte, SHA-256 ${sha(pdf)})`);
    const out = path.join(dir, 'ra');
    const unpacked = await vanban(['edxml', 'unpack', file, '-o', out]);
    expect(unpacked.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['header.json', 'quyet-dinh (2).pdf', 'quyet-dinh.pdf']);
    expect(sha(fs.readFileSync(path.join(out, 'quyet-dinh.pdf')))).toBe(sha(pdf));
    expect(JSON.parse(fs.readFileSync(path.join(out, 'header.json'), 'utf8')).message.documentId).toBe('000.00.00.H53,2026/12/01,07/QĐ-UBND');
  }, 60_000);

  it('refuses hostile packages with the error code and exit code 1', async () => {
    const lol = path.join(dir, 'lol.edxml');
    fs.writeFileSync(lol, `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><edXML xmlns="${NS}">&b;</edXML>`);
    const refused = await vanban(['edxml', 'validate', lol]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[EDXML_DOCTYPE_FORBIDDEN]');
    const out = path.join(dir, 'bad-out');
    expect((await vanban(['edxml', 'unpack', lol, '-o', out])).code).toBe(1);
    expect(fs.readdirSync(out)).toEqual([]);
    expect((await vanban(['edxml', 'unpack', lol])).code).toBe(2);
    expect((await vanban(['edxml', 'validate', path.join(dir, 'khong-co.edxml')])).code).toBe(2);
  }, 60_000);

  it('reads a package with a 50 MB attachment in a 64 MiB heap (streaming, never whole in memory)', async () => {
    const big = path.join(dir, 'big.edxml');
    const attachment = randomBytes(50 * 1024 * 1024);
    const out = fs.createWriteStream(big);
    await writeEdxmlPackage(out, sampleHeader(), [bytesAttachment('ho-so-quet.pdf', attachment)]);
    await new Promise<void>((resolve) => out.end(resolve));
    expect(fs.statSync(big).size).toBeGreaterThan(66 * 1024 * 1024);
    // The base64 text alone (67 MB) would not fit in this heap; peak RSS is reported by the child.
    const checked = await vanban(['edxml', 'validate', big, '--json'], ['--max-old-space-size=64']);
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout).attachments[0]).toMatchObject({ size: attachment.length, sha256: sha(attachment) });
  }, 300_000);

  it('runs the axis simulator as `vanban axis`: send, list, fetch, acknowledge', async () => {
    const port = await freePort();
    const data = path.join(dir, 'axis');
    const child = spawn(process.execPath, [cli, 'axis', '--port', String(port), '--data', data, '--system', 'SYS.A:bi-mat-cua-A', '--system', 'SYS.B:bi-mat-cua-B:000.00.32.H53,000.00.33.H53'], { cwd: root });
    try {
      await new Promise<void>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('đang chạy tại')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`axis exited ${code}`)));
      });
      const url = `http://127.0.0.1:${port}`;
      const a = createAxisClient({ url, systemId: 'SYS.A', secret: 'bi-mat-cua-A' });
      const b = createAxisClient({ url, systemId: 'SYS.B', secret: 'bi-mat-cua-B' });
      const wrong = createAxisClient({ url, systemId: 'SYS.A', secret: 'sai-bi-mat' });
      await expect(wrong.listReceived(10)).rejects.toMatchObject({ code: 'AXIS_UNAUTHORIZED', permanent: true });
      await expect(a.send({ to: '000.00.99.H99', type: 'edoc', idempotencyKey: 'k0', body: '<x/>' })).rejects.toMatchObject({ code: 'AXIS_UNKNOWN_RECIPIENT', permanent: true });
      const first = await a.send({ to: '000.00.32.H53', type: 'edoc', idempotencyKey: 'k1', body: '<goi>1</goi>' });
      expect(await a.send({ to: '000.00.32.H53', type: 'edoc', idempotencyKey: 'k1', body: '<goi>1</goi>' })).toEqual({ id: first.id, duplicate: true });
      await a.send({ to: '000.00.33.H53', type: 'status', idempotencyKey: 'k2', body: '<trang-thai/>' });
      expect(await a.listReceived(10)).toEqual([]);
      const items = await b.listReceived(10);
      expect(items.map((i) => [i.to, i.type, i.fromSystem])).toEqual([['000.00.32.H53', 'edoc', 'SYS.A'], ['000.00.33.H53', 'status', 'SYS.A']]);
      let body = '';
      for await (const chunk of await b.fetchItem(items[0].id)) body += chunk.toString();
      expect(body).toBe('<goi>1</goi>');
      await expect(a.fetchItem(items[0].id)).rejects.toMatchObject({ code: 'AXIS_NOT_FOUND' });
      await b.acknowledge(items[0].id);
      expect((await b.listReceived(10)).map((i) => i.id)).toEqual([items[1].id]);
      // Stored per recipient code, and kept across a restart.
      expect(fs.readdirSync(path.join(data, 'inbox')).sort()).toEqual(['000.00.32.H53', '000.00.33.H53']);
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);
});
