import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'fs';
import { open } from 'fs/promises';
import { tmpdir } from 'os';
import path from 'path';

/**
 * Signing a 50 MB scan, whole process, against `sha256sum` of the same file (goal: ≤ 2×) and
 * against the pdf-lib + @signpdf peer (which loads and re-saves the whole document).
 */

/**
 * A "scanned" PDF of about `megabytes` MB: one page, one uncompressed image of pseudo-random
 * (incompressible) bytes. Written in chunks, never held in memory. Returns the file size.
 */
export async function writeScanPdf(file: string, megabytes: number): Promise<number> {
  const fh = await open(file, 'w');
  let pos = 0;
  const offsets: number[] = [];
  const put = async (s: string | Buffer): Promise<void> => {
    const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
    await fh.write(b);
    pos += b.length;
  };
  const width = 2480;
  const rowBytes = width * 3;
  const height = Math.max(1, Math.floor((megabytes * 1024 * 1024) / rowBytes));
  const len = rowBytes * height;
  await put('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  offsets[1] = pos;
  await put('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  offsets[2] = pos;
  await put('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
  offsets[3] = pos;
  await put('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>\nendobj\n');
  const content = 'q 595 0 0 842 0 0 cm /Im1 Do Q';
  offsets[4] = pos;
  await put(`4 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`);
  offsets[5] = pos;
  await put(`5 0 obj\n<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length ${len} >>\nstream\n`);
  const chunk = Buffer.alloc(rowBytes * 64);
  let x = 0x9e3779b9;
  for (let written = 0; written < len; ) {
    for (let i = 0; i < chunk.length; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      chunk.writeInt32LE(x | 0, i);
    }
    const n = Math.min(chunk.length, len - written);
    await put(chunk.subarray(0, n));
    written += n;
  }
  await put('\nendstream\nendobj\n');
  const xref = pos;
  let table = 'xref\n0 6\n0000000000 65535 f\r\n';
  for (let i = 1; i <= 5; i++) table += `${String(offsets[i]).padStart(10, '0')} 00000 n\r\n`;
  await put(`${table}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  await fh.close();
  return pos;
}

const PEER_SCRIPT = `
const fs = require('fs');
const { PDFDocument } = require('pdf-lib');
const { pdflibAddPlaceholder } = require('@signpdf/placeholder-pdf-lib');
const signpdf = require('@signpdf/signpdf').default;
const { P12Signer } = require('@signpdf/signer-p12');
(async () => {
  const [input, output, p12, password] = process.argv.slice(1);
  const doc = await PDFDocument.load(fs.readFileSync(input));
  pdflibAddPlaceholder({ pdfDoc: doc, reason: 'bench', contactInfo: '', name: 'bench', location: '', subFilter: 'ETSI.CAdES.detached', signatureLength: 16384 });
  const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
  const signed = await signpdf.sign(pdf, new P12Signer(fs.readFileSync(p12), { passphrase: password }));
  fs.writeFileSync(output, signed);
})().catch((e) => { console.error(e); process.exit(1); });
`;

function median(cmd: string, args: string[], runs: number, cwd: string): { ms: number; ok: boolean; err: string } {
  const samples: number[] = [];
  let ok = true;
  let err = '';
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 20 });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) {
      ok = false;
      err = `${r.stderr ?? ''}${r.error?.message ?? ''}`.slice(0, 400);
    }
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], ok, err };
}

/** Like `median`, with the peak resident memory of the process (GNU time), in MiB. */
function medianWithPeak(cmd: string, args: string[], runs: number, cwd: string): { ms: number; ok: boolean; err: string; peakMiB: number } {
  const samples: number[] = [];
  const peaks: number[] = [];
  let ok = true;
  let err = '';
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', 'PEAK_KB=%M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 16 << 20 });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const peak = /PEAK_KB=(\d+)/.exec(r.stderr ?? '');
    if (peak) peaks.push(Number(peak[1]) / 1024);
    // pdfsig exits non-zero for untrusted certificates; what counts is that it ran to the end.
    if (r.error || !peak) {
      ok = false;
      err = `${r.stderr ?? ''}${r.error?.message ?? ''}`.slice(0, 400);
    }
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], ok, err, peakMiB: Math.max(0, ...peaks) };
}

async function benchP12(dir: string): Promise<{ p12: string; password: string; rootPem: string }> {
  // The demo CA issues a real leader certificate; its PKCS#12 is what a user would pass.
  const { initCa, issueCertificate } = await import('../signing/ca');
  const ca = await initCa(path.join(dir, 'ca'));
  const leader = await issueCertificate(ca, { commonName: 'DEMO Bench', organization: 'DEMO Bench' });
  const password = 'bench';
  const p12 = path.join(dir, 'leader.p12');
  writeFileSync(p12, leader.toP12(password));
  const rootPem = path.join(dir, 'root.pem');
  writeFileSync(rootPem, ca.rootCertPem);
  return { p12, password, rootPem };
}

export async function runSigningBench(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const dir = mkdtempSync(path.join(tmpdir(), 'vanban-signing-bench-'));
  try {
    const input = path.join(dir, 'scan.pdf');
    const size = await writeScanPdf(input, 50);
    const { p12, password, rootPem } = await benchP12(dir);
    const cli = path.join(root, 'dist', 'server', 'cli', 'main.js');
    const ours = existsSync(cli)
      ? [cli, 'sign']
      : ['-e', "require('./dist/signing/cli/sign-command').runSignCommand(process.argv.slice(1)).then((c) => process.exit(c))"];
    const runs = 5;
    spawnSync('sha256sum', [input]); // warm the page cache for everyone
    const sha = median('sha256sum', [input], runs, root);
    const vanban = median(process.execPath, [...ours, input, '-o', path.join(dir, 'ours.pdf'), '--p12', p12, '--password', password, '--page', '1', '--rect', '380,100,160,70'], runs, root);
    const peer = median(process.execPath, ['-e', PEER_SCRIPT, input, path.join(dir, 'peer.pdf'), p12, password], runs, root);
    const line = (label: string, r: { ms: number; ok: boolean; err: string }): string =>
      `${label.padEnd(34)} ${r.ms.toFixed(0).padStart(6)} ms  ${(r.ms / sha.ms).toFixed(2).padStart(6)}× sha256sum${r.ok ? '' : `  (FAILED: ${r.err.trim()})`}`;
    console.log(`\n== PDF signing, ${(size / 1e6).toFixed(1)} MB scan, whole process (median of ${runs})`);
    console.log(line('sha256sum', sha));
    console.log(line('vanban sign (incremental)', vanban));
    console.log(line('pdf-lib + @signpdf (peer)', peer));
    console.log(`goal: vanban ≤ 2.00× sha256sum → ${vanban.ok && vanban.ms / sha.ms <= 2 ? 'met' : 'NOT met'}; vanban vs peer: ${(peer.ms / vanban.ms).toFixed(1)}× faster`);

    // Verification of a two-signature file (leader, then a second signature in a later revision):
    // both signatures hashed, the later revision compared with the signed one.
    const two = path.join(dir, 'two.pdf');
    const second = spawnSync(process.execPath, [...ours, path.join(dir, 'ours.pdf'), '-o', two, '--p12', p12, '--password', password, '--page', '1', '--rect', '200,100,160,70'], { cwd: root, encoding: 'utf8' });
    if (second.status !== 0) throw new Error(`second signature failed: ${second.stderr}`);
    const verifyCli = existsSync(cli)
      ? [cli, 'verify']
      : ['-e', "require('./dist/signing/cli/verify-command').runVerifyCommand(process.argv.slice(1)).then((c) => process.exit(c))"];
    spawnSync('sha256sum', [two]);
    const ourVerify = medianWithPeak(process.execPath, [...verifyCli, two, '--json', '--offline', '--trust', rootPem], runs, root);
    const pdfsigVerify = medianWithPeak('pdfsig', [two], runs, root);
    const vline = (label: string, r: { ms: number; ok: boolean; err: string; peakMiB: number }): string =>
      `${label.padEnd(34)} ${r.ms.toFixed(0).padStart(6)} ms  ${(r.ms / pdfsigVerify.ms).toFixed(2).padStart(6)}× pdfsig  peak ${r.peakMiB.toFixed(0)} MiB${r.ok ? '' : `  (FAILED: ${r.err.trim()})`}`;
    console.log(`\n== PDF verification, ${(statSync(two).size / 1e6).toFixed(1)} MB, two signatures, whole process (median of ${runs})`);
    console.log(vline('pdfsig (poppler)', pdfsigVerify));
    console.log(vline('vanban verify --json', ourVerify));
    const met = ourVerify.ok && ourVerify.ms / pdfsigVerify.ms <= 1.5 && ourVerify.peakMiB < 100;
    console.log(`goal: vanban ≤ 1.50× pdfsig and < 100 MiB peak → ${met ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
