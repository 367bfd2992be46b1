import { execFileSync } from 'child_process';
import { createReadStream, statSync } from 'fs';
import { createHash } from 'crypto';
import { join } from 'path';
import { signPdf } from '../../../signing/sign';
import { tempDir, writeScanPdf } from '../fixtures/pdfs';
import { sealPng, signaturePng } from '../fixtures/images';
import { testPki } from './test-pki';
import { expectAllValid, pdfsig, qpdfCheck } from './validators';

/** The one heavy case: a 50 MB scan, signed twice, memory flat and the prefix untouched. */
test('50 MB scanned document: leader + seal, memory does not grow with the file', async () => {
  const pki = testPki();
  const dir = tempDir();
  const input = join(dir, 'scan.pdf');
  const size = await writeScanPdf(input, 50);
  expect(size).toBeGreaterThan(50 * 1000 * 1000);
  const hashOf = (path: string, length: number): Promise<string> =>
    new Promise((resolve, reject) => {
      const h = createHash('sha256');
      createReadStream(path, { start: 0, end: length - 1 }).on('data', (c) => h.update(c)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
    });
  const before = await hashOf(input, size);
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const leader = join(dir, 'leader.pdf');
  const t0 = Date.now();
  await signPdf({ input, output: leader, signer: pki.leader, kind: 'signer', image: signaturePng(), page: 1, rect: '380,100,160,70' });
  const oneSignatureMs = Date.now() - t0;
  const issued = join(dir, 'issued.pdf');
  await signPdf({ input: leader, output: issued, signer: pki.seal, kind: 'seal', image: sealPng() });
  clearInterval(timer);
  // Two 1 MB chunks in flight plus small objects; a whole-file approach would add 50+ MB.
  expect(peak - rss0).toBeLessThan(30 * 1024 * 1024);
  expect(oneSignatureMs).toBeLessThan(5000);
  expect(await hashOf(issued, size)).toBe(before);
  expect(statSync(issued).size - size).toBeLessThan(64 * 1024);
  expectAllValid(pdfsig(issued, pki.nssDir), 2);
  qpdfCheck(issued);
  execFileSync('rm', ['-rf', dir]);
});
