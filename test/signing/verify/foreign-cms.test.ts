import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { verifyPdf } from '../../../signing/verify';
import { tempDir } from '../fixtures/pdfs';
import { verifyPki } from './pki';
import { pdfsigVerify, replaceContents, signedOnce } from './signed-fixtures';

jest.setTimeout(60_000);

/** Re-signs the byte ranges of `file` with `openssl cms` (a foreign CMS producer) and swaps it in. */
function resignWithOpenssl(file: string, extra: string[]): string {
  const pki = verifyPki();
  const pdf = readFileSync(file);
  const m = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.toString('latin1'))!;
  const [a, b, c] = [1, 2, 3].map((i) => parseInt(m[i], 10));
  const dir = tempDir('vanban-vcms-');
  writeFileSync(join(dir, 'ranges.bin'), Buffer.concat([pdf.subarray(0, a), pdf.subarray(b, b + c)]));
  const cms = execFileSync('openssl', ['cms', '-sign', '-binary', '-in', 'ranges.bin', '-signer', pki.leader.certFile, '-inkey',
    pki.leader.keyFile, '-md', 'sha256', '-outform', 'DER', ...extra], { cwd: dir });
  const out = join(dir, 'resigned.pdf');
  writeFileSync(out, replaceContents(pdf, cms));
  return out;
}

test.each([
  ['with signed attributes (signing-time)', []],
  ['without signed attributes (digest signed directly)', ['-noattr']],
])('openssl cms %s: intact, as pdfsig says', async (_label, extra) => {
  const file = resignWithOpenssl(await signedOnce(), extra as string[]);
  const ps = pdfsigVerify(file);
  expect(ps.valid).toBe(1);
  const r = await verifyPdf(file, { trustAnchors: [verifyPki().rootPem], intermediates: [verifyPki().intermediatePem] });
  expect(r.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'trusted', valid: true, level: null });
  if ((extra as string[]).length === 0) expect(r.signatures[0].signingTimeSource).toBe('cms');
});

test('openssl cms -noattr over other bytes is a digest mismatch', async () => {
  const file = resignWithOpenssl(await signedOnce(), ['-noattr']);
  const buf = readFileSync(file);
  buf[10] ^= 1;
  writeFileSync(file, buf);
  const r = await verifyPdf(file, { trustAnchors: [verifyPki().rootPem], intermediates: [verifyPki().intermediatePem] });
  expect(r.signatures[0].integrity).toBe('broken');
  expect(pdfsigVerify(file).valid).toBe(0);
});
