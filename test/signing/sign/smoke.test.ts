import { readFileSync } from 'fs';
import { join } from 'path';
import { signPdf } from '../../../signing/sign';
import { classicPdf, tempDir, writeTemp } from '../fixtures/pdfs';
import { signaturePng } from '../fixtures/images';
import { testPki } from './test-pki';
import { expectAllValid, pdfsig, qpdfCheck } from './validators';

test('smoke', async () => {
  const pki = testPki();
  const dir = tempDir();
  const input = writeTemp(await classicPdf(), 'in.pdf', dir);
  const out = join(dir, 'out.pdf');
  const r = await signPdf({ input, output: out, signer: pki.leader, kind: 'signer', image: signaturePng(), page: 1, rect: '380,180,160,70' });
  expect(r).toEqual({ bytesWritten: readFileSync(out).length, fieldName: 'ChuKyLanhDao1', filledFields: [], level: 'B-B' });
  qpdfCheck(out);
  expectAllValid(pdfsig(out, pki.nssDir), 1);
  expect(readFileSync(out).subarray(0, readFileSync(input).length).equals(readFileSync(input))).toBe(true);
});
