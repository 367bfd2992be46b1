import { execFileSync, spawnSync } from 'child_process';
import { join } from 'path';
import { name, PdfDict, PdfRef, PdfString } from '../../../signing/pdf';
import { signPdf } from '../../../signing/sign';
import { verifyPdf } from '../../../signing/verify';
import { signaturePng, sealPng } from '../fixtures/images';
import { tempDir } from '../fixtures/pdfs';
import { appendUpdate, firstPage, withAnnot, withField } from './attacks/update';
import { addDocumentTimestamp, addDss } from './ltv-fixtures';
import { verifyPki } from './pki';
import { draftFile, pdfsigVerify } from './signed-fixtures';

jest.setTimeout(180_000);

const opts = () => ({ trustAnchors: [verifyPki().rootPem], intermediates: [verifyPki().intermediatePem] });
const party = (p: { keyPem: string; certPem: string }) => ({ keyPem: p.keyPem, certPem: p.certPem, chainPem: [verifyPki().intermediatePem] });

/** An update adding the empty number and date fields Vanban's issue step fills (what the leader's signing update carries). */
async function withIssueFields(file: string): Promise<string> {
  return appendUpdate(file, async (r, alloc) => {
    const page = await firstPage(r);
    const objs = [];
    const refs: PdfRef[] = [];
    for (const [fname, rect] of [['so_ky_hieu', [80, 745, 260, 761]], ['ngay_ban_hanh', [300, 745, 540, 761]]] as const) {
      const ref = alloc.alloc();
      refs.push(ref);
      objs.push({ ref, value: new PdfDict([
        ['Type', name('Annot')], ['Subtype', name('Widget')], ['FT', name('Tx')], ['T', PdfString.fromText(fname)], ['F', 4],
        ['Rect', [...rect]], ['P', page.ref], ['DA', PdfString.fromText('/Helv 12 Tf 0 g')],
      ]) });
    }
    const annots = await withAnnot(r, refs[0]);
    const page2 = annots[0].value as PdfDict;
    page2.set('Annots', [...(page2.get('Annots') as PdfRef[]), refs[1]]);
    const form = await withField(r, refs[0]);
    const formDict = form[0].value as PdfDict;
    const formObj = formDict.has('Fields') ? formDict : (formDict.get('AcroForm') as PdfDict);
    formObj.set('Fields', [...(formObj.get('Fields') as PdfRef[]), refs[1]]);
    return { objects: [...objs, ...annots, ...form] };
  }, 'with-fields');
}

test('Vanban issue path: fields added with the draft, leader signature, clerk fills and seals — valid here, in pdfsig, qpdf and mutool', async () => {
  const pki = verifyPki();
  const dir = tempDir('vanban-allowed-');
  const draft = await withIssueFields(await draftFile());
  const leader = join(dir, 'leader.pdf');
  await signPdf({ input: draft, output: leader, signer: party(pki.leader), kind: 'signer', image: signaturePng(), anchor: 'Nguyen Van A' });
  const issued = join(dir, 'issued.pdf');
  await signPdf({ input: leader, output: issued, signer: party(pki.leader), kind: 'seal', image: sealPng(), fieldFills: { so_ky_hieu: 'Số: 45/QĐ-UBND', ngay_ban_hanh: 'Bắc Ninh, ngày 01 tháng 12 năm 2026' } });
  const r = await verifyPdf(issued, opts());
  expect(r.status).toBe('valid');
  expect(r.signatures.map((s) => [s.status, s.changesAfter])).toEqual([['valid', 'form_fill'], ['valid', 'none']]);
  expect(r.signatures[0].changeDetails).toEqual(expect.arrayContaining([
    'allowed: text field "so_ky_hieu" filled', 'allowed: text field "ngay_ban_hanh" filled',
    'allowed: text field "so_ky_hieu" given an appearance for its value',
    expect.stringMatching(/^allowed: signature field "ChuKyCoQuan1" added, covered by the signature of revision 3$/),
  ]));
  expect(r.signatures[0].changeDetails.filter((d) => d.startsWith('disallowed'))).toEqual([]);
  const ps = pdfsigVerify(issued);
  expect([ps.signatures, ps.valid, ps.trusted]).toEqual([2, 2, 2]);
  const q = spawnSync('qpdf', ['--check', issued], { encoding: 'utf8' });
  expect(q.status).toBe(0);
  const text = execFileSync('mutool', ['draw', '-F', 'txt', issued, '1'], { encoding: 'utf8' });
  expect(text).toContain('45/QĐ-UBND');
});

test('LTV additions after a signature (DSS, then a document timestamp) are allowed and listed', async () => {
  const pki = verifyPki();
  const dir = tempDir('vanban-allowed-');
  const signed = join(dir, 's.pdf');
  await signPdf({ input: await draftFile(), output: signed, signer: party(pki.leader), kind: 'attachment', attachmentText: { numberSymbol: '1/UBND' } });
  const lta = await addDocumentTimestamp(await addDss(signed));
  const r = await verifyPdf(lta, opts());
  expect(r.signatures[0]).toMatchObject({ status: 'valid', changesAfter: 'signatures_only' });
  expect(r.signatures[0].changeDetails).toEqual(expect.arrayContaining([
    'allowed: validation data (catalog /DSS) added or updated',
    expect.stringMatching(/^allowed: document timestamp field "DauThoiGian" added, covered by the signature of revision 3$/),
  ]));
});
