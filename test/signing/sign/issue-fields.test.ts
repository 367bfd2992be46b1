import { execFileSync } from 'child_process';

import { join } from 'path';
import { listTextFieldNames, signPdf } from '../../../signing/sign';
import { verifyPdf } from '../../../signing/verify';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { tempDir, writeTemp } from '../fixtures/pdfs';
import { sealPng, signaturePng } from '../fixtures/images';
import { testPki } from './test-pki';
import { expectAllValid, pdfsig, qpdfCheck } from './validators';

const NAMES = { number: 'vanban_so_ky_hieu', date: 'vanban_ngay_ban_hanh' };

/** Grey levels of a rectangle of the first page rendered at 72 dpi (top-left origin, in points). */
function crop(file: string, x: number, yTop: number, w: number, h: number): Buffer {
  const pgm = execFileSync('pdftoppm', ['-r', '72', '-gray', '-f', '1', '-l', '1', '-x', String(Math.round(x)), '-y', String(Math.round(yTop)), '-W', String(Math.round(w)), '-H', String(Math.round(h)), file]);
  // Binary PGM: "P5\n<w> <h>\n255\n" then the pixels.
  let nl = 0;
  let at = 0;
  while (nl < 3) if (pgm[at++] === 0x0a) nl++;
  return pgm.subarray(at);
}
const dark = (pixels: Buffer): number => pixels.filter((p) => p < 128).length;

describe('number and date written where the draft prints their blanks', () => {
  const pki = testPki();

  test('the leader lays empty fields over the blanks, the seal fills them, both signatures stay valid', async () => {
    const dir = tempDir();
    const draft = writeTemp(await makeDraftPdf({ printedBlanks: { stub: '/UBND-KT', place: 'Hiên Vân' }, signerName: 'Trần Thị B' }), 'draft.pdf', dir);
    const leader = join(dir, 'leader.pdf');
    await signPdf({ input: draft, output: leader, signer: pki.leader, kind: 'signer', image: signaturePng(), anchor: 'Trần Thị B', issueFields: NAMES });
    expect(await listTextFieldNames(leader)).toEqual([NAMES.number, NAMES.date]);
    // The fields are invisible until filled: the leader's page looks like the draft's.
    expect(crop(leader, 60, 841.89 - 760, 240, 40).equals(crop(draft, 60, 841.89 - 760, 240, 40))).toBe(true);

    const issued = join(dir, 'issued.pdf');
    await signPdf({ input: leader, output: issued, signer: pki.seal, kind: 'seal', image: sealPng(), fieldFills: { [NAMES.number]: '02/UBND-KGVX', [NAMES.date]: 'ngày 01 tháng 12 năm 2026' } });
    expectAllValid(pdfsig(issued, pki.nssDir), 2);
    qpdfCheck(issued);
    const text = execFileSync('pdftotext', ['-layout', issued, '-'], { encoding: 'utf8' });
    expect(text).toContain('02/UBND-KGVX');
    // The printed blanks stay in the page's text layer underneath; the field's text is there too.
    expect(text).toMatch(/ngày\s+01 tháng 12/);
    expect(text).toContain('2026');
    // Rendered: both areas changed, the fields' white background hiding the draft's stub and dots.
    for (const [x, w] of [[85, 120], [340, 200]]) {
      const before = crop(leader, x, 841.89 - 752, w, 22);
      const after = crop(issued, x, 841.89 - 752, w, 22);
      expect(after.equals(before)).toBe(false);
      expect(dark(after)).toBeGreaterThan(20);
    }

    const report = await verifyPdf(issued, { trustAnchors: [pki.leader.rootPem], fetchRevocation: false });
    const [lead, seal] = report.signatures;
    expect(lead.integrity).toBe('intact');
    expect(lead.changesAfter).toBe('form_fill');
    expect(seal.changesAfter).toBe('none');
    expect(report.signatures.every((s) => s.integrity === 'intact' && s.chain === 'trusted')).toBe(true);
  });

  test('a draft without printed blanks gets no fields; a draft with its own fields gets none added', async () => {
    const dir = tempDir();
    const plain = writeTemp(await makeDraftPdf(), 'plain.pdf', dir);
    const out1 = join(dir, 'plain-signed.pdf');
    await signPdf({ input: plain, output: out1, signer: pki.leader, kind: 'signer', image: signaturePng(), anchor: 'Nguyễn Văn A', issueFields: NAMES });
    expect(await listTextFieldNames(out1)).toEqual([]);
    const fielded = writeTemp(await makeDraftPdf({ withFields: true }), 'fielded.pdf', dir);
    const out2 = join(dir, 'fielded-signed.pdf');
    await signPdf({ input: fielded, output: out2, signer: pki.leader, kind: 'signer', image: signaturePng(), anchor: 'Nguyễn Văn A', issueFields: { date: NAMES.date } });
    expect(await listTextFieldNames(out2)).toEqual(['so_ky_hieu', 'ngay_ban_hanh']);
  });

  test('field choices fill the first field of each the document has, and the result says which', async () => {
    const dir = tempDir();
    const draft = writeTemp(await makeDraftPdf({ printedBlanks: { stub: '/UBND-KT', place: 'Hiên Vân' }, signerName: 'Trần Thị B' }), 'draft.pdf', dir);
    const leader = join(dir, 'leader.pdf');
    await signPdf({ input: draft, output: leader, signer: pki.leader, kind: 'signer', image: signaturePng(), anchor: 'Trần Thị B', issueFields: NAMES });
    const choices = [
      [{ name: 'so_ky_hieu', value: 'Số: 02/UBND-KGVX' }, { name: NAMES.number, value: '02/UBND-KGVX' }],
      [{ name: 'ngay_ban_hanh', value: 'Hiên Vân, ngày 01 tháng 12 năm 2026' }, { name: NAMES.date, value: 'ngày 01 tháng 12 năm 2026' }],
      [{ name: 'khong_co_o_nay', value: 'không ghi' }],
    ];
    const issued = join(dir, 'issued.pdf');
    const result = await signPdf({ input: leader, output: issued, signer: pki.seal, kind: 'seal', image: sealPng(), fieldChoices: choices });
    expect(result.filledFields).toEqual([NAMES.number, NAMES.date]);
    expectAllValid(pdfsig(issued, pki.nssDir), 2);
    qpdfCheck(issued);
    const text = execFileSync('pdftotext', ['-layout', issued, '-'], { encoding: 'utf8' });
    expect(text).toContain('02/UBND-KGVX');
    expect(text).not.toContain('không ghi');
    // A template's own fields come first; a draft with no field at all gets nothing filled.
    const leaderSigned = async (pdf: Buffer, name: string) => {
      const out = join(dir, `${name}-leader.pdf`);
      await signPdf({ input: writeTemp(pdf, `${name}.pdf`, dir), output: out, signer: pki.leader, kind: 'signer', image: signaturePng(), anchor: 'Nguyễn Văn A' });
      return out;
    };
    const fieldedOut = join(dir, 'fielded-issued.pdf');
    const fielded = await leaderSigned(await makeDraftPdf({ withFields: true }), 'fielded');
    expect((await signPdf({ input: fielded, output: fieldedOut, signer: pki.seal, kind: 'seal', image: sealPng(), fieldChoices: choices })).filledFields).toEqual(['so_ky_hieu', 'ngay_ban_hanh']);
    expect(execFileSync('pdftotext', ['-layout', fieldedOut, '-'], { encoding: 'utf8' })).toContain('Hiên Vân, ngày 01 tháng 12 năm 2026');
    const plainOut = join(dir, 'plain-issued.pdf');
    const plain = await leaderSigned(await makeDraftPdf(), 'plain');
    expect((await signPdf({ input: plain, output: plainOut, signer: pki.seal, kind: 'seal', image: sealPng(), fieldChoices: choices })).filledFields).toEqual([]);
    expectAllValid(pdfsig(plainOut, pki.nssDir), 2);
  });

  test('a text field added after the leader signed (an imitation of the fill) is not an allowed change', async () => {
    const dir = tempDir();
    const draft = writeTemp(await makeDraftPdf({ printedBlanks: {} }), 'draft.pdf', dir);
    const leader = join(dir, 'leader.pdf');
    // The leader's update lays only the date field; a later update sneaks in a number field of its own.
    await signPdf({ input: draft, output: leader, signer: pki.leader, kind: 'signer', image: signaturePng(), anchor: 'Nguyễn Văn A', issueFields: { date: NAMES.date } });
    const forged = join(dir, 'forged.pdf');
    await signPdf({ input: leader, output: forged, signer: pki.leader, kind: 'signer', rect: '50,50,100,40', page: 1, image: signaturePng(), issueFields: { number: 'khac' } });
    expect(await listTextFieldNames(forged)).toContain('khac');
    const report = await verifyPdf(forged, { trustAnchors: [pki.leader.rootPem], fetchRevocation: false });
    expect(report.signatures[0].changesAfter).toBe('disallowed');
    expect(report.signatures[0].valid).toBe(false);
  });
});
