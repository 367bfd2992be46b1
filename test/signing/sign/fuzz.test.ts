import { PassThrough } from 'stream';
import { PdfError, bufferSource } from '../../../signing/pdf';
import { SignError, signPdf } from '../../../signing/sign';
import { classicPdf, objectStreamPdf } from '../fixtures/pdfs';
import { signaturePng } from '../fixtures/images';
import { testPki } from './test-pki';

/** Signing mutated drafts: either a signed output or a coded error, never a crash. */
test.each([
  ['classic', () => classicPdf({ formFields: true })],
  ['object streams', () => objectStreamPdf({ formFields: true })],
])('signer fuzz (%s)', async (_l, make) => {
  const pki = testPki();
  const base = await make();
  let x = base.length;
  const next = (): number => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
  let signed = 0;
  for (let i = 0; i < 40; i++) {
    const m = Buffer.from(base);
    for (let k = 0; k < 1 + Math.floor(next() * 6); k++) m[Math.floor(next() * m.length)] = Math.floor(next() * 256);
    const out = new PassThrough();
    out.resume();
    try {
      await signPdf({ input: bufferSource(m), output: out, signer: pki.leader, kind: 'signer', image: signaturePng(60, 30), page: 1, rect: '380,180,160,70', fieldFills: i % 2 ? { so_ky_hieu: '1/UBND' } : undefined });
      signed++;
    } catch (e) {
      if (!(e instanceof PdfError) && !(e instanceof SignError)) throw e;
    }
  }
  expect(signed).toBeGreaterThan(5);
});
