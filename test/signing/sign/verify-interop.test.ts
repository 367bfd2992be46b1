import { readFileSync } from 'fs';
import { join } from 'path';
import { signPdf } from '../../../signing/sign';
import { verifyPdf } from '../../../signing/verify';
import { objectStreamPdf, tempDir, writeTemp } from '../fixtures/pdfs';
import { sealPng, signaturePng } from '../fixtures/images';
import { testPki } from './test-pki';

/** Issue-time fills ride with the seal: our verifier must see them as an allowed form fill. */
test('leader signature stays valid and the seal update is classified as a form fill', async () => {
  const pki = testPki();
  const dir = tempDir();
  const leader = join(dir, 'leader.pdf');
  await signPdf({ input: writeTemp(await objectStreamPdf({ formFields: true }), 'draft.pdf', dir), output: leader, signer: pki.leader, kind: 'signer', image: signaturePng(), page: 1, rect: '380,180,160,70' });
  const issued = join(dir, 'issued.pdf');
  await signPdf({ input: leader, output: issued, signer: pki.seal, kind: 'seal', image: sealPng(), fieldFills: { so_ky_hieu: '12/QĐ-UBND', ngay_ban_hanh: 'ngày 2 tháng 6 năm 2026' } });
  const report = await verifyPdf(issued, { trustAnchors: [readFileSync(join(pki.dir, 'root.pem'), 'utf8')], fetchRevocation: false });
  expect(report.valid).toBe(true);
  expect(report.signatures.map((s) => [s.integrity, s.chain, s.changesAfter])).toEqual([
    ['intact', 'trusted', 'form_fill'],
    ['intact', 'trusted', 'none'],
  ]);
});
