import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { PdfReader, bufferSource } from '../../../signing/pdf';
import { signPdf } from '../../../signing/sign';
import {
  classicPdf, linearizedPdf, objectStreamPdf, qpdfObjectStreamPdf, tempDir, withExtraUpdate, withHybridUpdate, writeTemp,
} from '../fixtures/pdfs';
import { sealPng, signaturePng } from '../fixtures/images';
import { testPki } from './test-pki';
import { expectAllValid, pdfsig, qpdfCheck } from './validators';

/** Every structure, signed twice: leader (image) then agency seal with number/date fills. */
const structures: [string, () => Promise<Buffer>][] = [
  ['classic xref table', () => classicPdf({ formFields: true })],
  ['pdf-lib object streams', () => objectStreamPdf({ formFields: true })],
  ['qpdf object streams', () => qpdfObjectStreamPdf({ formFields: true })],
  ['qpdf linearized', () => linearizedPdf({ formFields: true })],
  ['extra incremental update', async () => withExtraUpdate(await classicPdf({ formFields: true }))],
  ['hybrid-reference update', async () => withHybridUpdate(await classicPdf({ formFields: true }))],
];

describe('leader + seal signatures on every structure', () => {
  const pki = testPki();
  test.each(structures)('%s', async (_label, make) => {
    const dir = tempDir();
    const original = await make();
    const input = writeTemp(original, 'draft.pdf', dir);
    const lastKind = (await PdfReader.open(bufferSource(original))).revisions.at(-1)!.xrefKind;
    const leaderOut = join(dir, 'leader.pdf');
    const r1 = await signPdf({
      input, output: leaderOut, signer: pki.leader, kind: 'signer', image: signaturePng(),
      page: 1, rect: '380,180,160,70', reason: 'Phê duyệt', location: 'Hà Nội', signingTime: new Date(Math.ceil(Date.now() / 1000) * 1000 + 120_000), // within the fresh test certificates' validity
    });
    expect(r1.level).toBe('B-B');
    const issued = join(dir, 'issued.pdf');
    await signPdf({
      input: leaderOut, output: issued, signer: pki.seal, kind: 'seal', image: sealPng(),
      fieldFills: { so_ky_hieu: '123/QĐ-UBND', ngay_ban_hanh: 'ngày 20 tháng 3 năm 2026' },
    });
    const leaderBytes = readFileSync(leaderOut);
    const finalBytes = readFileSync(issued);
    // Append-only: every earlier byte is untouched.
    expect(finalBytes.subarray(0, original.length).equals(original)).toBe(true);
    expect(finalBytes.subarray(0, leaderBytes.length).equals(leaderBytes)).toBe(true);
    const out = pdfsig(issued, pki.nssDir);
    expectAllValid(out, 2);
    expect(out).not.toMatch(/Digest Mismatch/);
    qpdfCheck(issued);
    // Each update's cross-reference section is of the same kind as the one before.
    const reader = await PdfReader.open(bufferSource(finalBytes));
    expect(reader.revisions.slice(-2).map((r) => r.xrefKind)).toEqual([lastKind, lastKind]);
    const text = execFileSync('pdftotext', ['-layout', issued, '-'], { encoding: 'utf8' });
    expect(text).toContain('123/QĐ-UBND');
    expect(text).toContain('ngày 20 tháng 3 năm 2026');
  });

  test('keeps a foreign first signature (pdfsig -add-signature) valid', async () => {
    const dir = tempDir();
    const input = writeTemp(await classicPdf({ formFields: true }), 'draft.pdf', dir);
    const nss = pki.nssDir;
    execFileSync('pk12util', ['-i', join(pki.dir, 'leader.p12'), '-d', `sql:${nss}`, '-W', 'matkhau'], { stdio: 'pipe' });
    const foreign = join(dir, 'foreign.pdf');
    execFileSync('pdfsig', ['-add-signature', '-nssdir', `sql:${nss}`, '-nick', 'leader', input, foreign], { stdio: 'pipe' });
    expectAllValid(pdfsig(foreign, nss), 1);
    const issued = join(dir, 'issued.pdf');
    await signPdf({
      input: foreign, output: issued, signer: pki.seal, kind: 'seal', image: sealPng(), page: 1, rect: '330,170,113,113',
      fieldFills: { so_ky_hieu: '7/UBND-VP' },
    });
    expectAllValid(pdfsig(issued, nss), 2);
    qpdfCheck(issued);
  });
});
