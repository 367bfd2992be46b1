import { readFileSync } from 'fs';
import { bufferSource } from '../../../signing/pdf';
import { VerificationReport, verifyPdf, VerifyError } from '../../../signing/verify';
import { verifyPki } from './pki';
import { contentsOf, draftFile, pdfsigSign, replaceContents, signedOnce, signFile } from './signed-fixtures';

jest.setTimeout(240_000);

/** Per-file budget: hostile input must fail fast, not merely eventually. */
const BUDGET_MS = 3000;

/** Deterministic PRNG (mulberry32) so a failing case can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome = { kind: 'report'; report: VerificationReport } | { kind: 'error'; code: string };

async function attempt(buf: Buffer, label: string): Promise<Outcome> {
  const pki = verifyPki();
  const t0 = Date.now();
  let out: Outcome;
  try {
    const report = await verifyPdf(bufferSource(buf), { trustAnchors: [pki.rootPem], intermediates: [pki.intermediatePem] });
    out = { kind: 'report', report };
  } catch (e) {
    if (!(e instanceof VerifyError)) throw new Error(`${label}: uncoded ${(e as Error)?.stack ?? e}`);
    expect(e.code).toMatch(/^VERIFY_[A-Z_]+$/);
    expect(e.message.length).toBeGreaterThan(0);
    out = { kind: 'error', code: e.code };
  }
  const ms = Date.now() - t0;
  if (ms > BUDGET_MS) throw new Error(`${label}: took ${ms} ms`);
  return out;
}

let samples: Buffer[] = [];

beforeAll(async () => {
  const ours = await signedOnce({ timestamp: true });
  samples = [readFileSync(ours), readFileSync(pdfsigSign(await draftFile())), readFileSync(await signFile(ours))];
});

test('truncated at every N bytes: coded error or an invalid report, never valid', async () => {
  for (const [i, s] of samples.entries()) {
    // Cutting exactly at a revision end legitimately leaves a valid older document.
    const revisionEnds = new Set<number>();
    for (let at = s.indexOf('%%EOF'); at >= 0; at = s.indexOf('%%EOF', at + 1)) {
      for (let e = at + 5; e <= at + 7; e++) revisionEnds.add(e);
    }
    const step = Math.max(1, Math.floor(s.length / 60));
    for (let n = 0; n < s.length; n += step) {
      const o = await attempt(s.subarray(0, n), `sample ${i} truncated at ${n}`);
      if (o.kind === 'report' && !revisionEnds.has(n) && o.report.valid) throw new Error(`sample ${i} cut at ${n} of ${s.length}: ${JSON.stringify(o.report.signatures.map((x) => [x.field, x.coversWholeFile, x.changesAfter, x.revision]))}`);
    }
  }
});

test('random byte flips', async () => {
  const rnd = prng(20261123);
  let reports = 0;
  for (let k = 0; k < 240; k++) {
    const s = Buffer.from(samples[k % samples.length]);
    const flips = 1 + Math.floor(rnd() * 4);
    for (let j = 0; j < flips; j++) s[Math.floor(rnd() * s.length)] ^= 1 + Math.floor(rnd() * 255);
    if ((await attempt(s, `flip case ${k}`)).kind === 'report') reports++;
  }
  // Sanity: most flips land in stream data and still yield a report (the harness is not vacuous).
  expect(reports).toBeGreaterThan(0);
});

test('/Prev loops and self-referencing xref sections', async () => {
  const s = samples[0];
  const text = s.toString('latin1');
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)!;
  const at = s.length;
  const loop = `\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Root 1 0 R /Prev ${at + 1} >>\nstartxref\n${at + 1}\n%%EOF\n`;
  const o1 = await attempt(Buffer.concat([s, Buffer.from(loop, 'latin1')]), 'self /Prev');
  expect(o1).toEqual({ kind: 'error', code: 'VERIFY_PDF_MALFORMED' });
  const twoStep = `\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Root 1 0 R /Prev ${sx[1]} >>\nstartxref\n${at + 1}\n%%EOF\n`;
  const patched = Buffer.from(text.replace(/(\/Prev )\d+/g, `$1${at + 1}`), 'latin1');
  await attempt(Buffer.concat([patched, Buffer.from(twoStep, 'latin1')]), 'two-step /Prev loop');
});

test('huge /Length and absurd numbers', async () => {
  for (const s of samples) {
    const text = s.toString('latin1');
    for (const v of ['99999999999', '-5', '1e308', '9007199254740993']) {
      await attempt(Buffer.from(text.replace(/\/Length \d+/g, `/Length ${v}`), 'latin1'), `/Length ${v}`);
      await attempt(Buffer.from(text.replace(/\/ByteRange\s*\[[^\]]*\]/, `/ByteRange [0 ${v} ${v} 1]`), 'latin1'), `/ByteRange ${v}`);
    }
    await attempt(Buffer.from(text.replace(/\/Size \d+/g, '/Size 99999999999'), 'latin1'), 'huge /Size');
  }
});

test('garbage and truncated CMS are reported per signature, not thrown', async () => {
  const rnd = prng(7);
  const s = samples[0];
  const cms = contentsOf(s);
  const cases: [string, Buffer][] = [
    ['random', Buffer.from(Array.from({ length: 2000 }, () => Math.floor(rnd() * 256)))],
    ['half', cms.subarray(0, cms.length >> 1)],
    ['empty sequence', Buffer.from([0x30, 0x00])],
    ['deep nesting', Buffer.concat([Buffer.alloc(1000, 0x30).map((_, i) => (i % 2 ? 0x80 : 0x30))])],
    ['length bomb', Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x06, 0x09])],
    ['zeros', Buffer.alloc(100)],
  ];
  for (const [label, bad] of cases) {
    const o = await attempt(replaceContents(s, bad), `CMS ${label}`);
    expect(o.kind).toBe('report');
    if (o.kind === 'report') {
      expect(o.report.valid).toBe(false);
      expect(['error', 'broken']).toContain(o.report.signatures[0].integrity);
    }
  }
});

test('not a PDF at all', async () => {
  for (const b of [Buffer.alloc(0), Buffer.from('%PDF-1.7\n'), Buffer.from('hello'), Buffer.alloc(5000, 0x25)]) {
    const o = await attempt(b, 'non-pdf');
    expect(o.kind).toBe('error');
  }
});
