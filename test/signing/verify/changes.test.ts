import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { buildIncrementalUpdate, ObjectAllocator, openFileSource, PdfDict, PdfReader, PdfRef, PdfString } from '../../../signing/pdf';
import { verifyPdf } from '../../../signing/verify';
import { tempDir } from '../fixtures/pdfs';
import { verifyPki } from './pki';
import { pdfsigVerify, signedOnce, signFile } from './signed-fixtures';

jest.setTimeout(60_000);

const opts = () => ({ trustAnchors: [verifyPki().rootPem], intermediates: [verifyPki().intermediatePem] });

/** Appends an update rewriting objects picked by `edit` (which gets the newest reader). */
async function appendUpdate(file: string, edit: (r: PdfReader) => Promise<{ ref: PdfRef; value: PdfDict }[]>): Promise<string> {
  const src = await openFileSource(file);
  try {
    const reader = await PdfReader.open(src);
    const objs = await edit(reader);
    const upd = buildIncrementalUpdate(reader, objs, new ObjectAllocator(reader), (await src.read(src.size - 1, 1))[0]);
    const out = join(tempDir('vanban-vc-'), 'updated.pdf');
    writeFileSync(out, Buffer.concat([readFileSync(file), upd.bytes]));
    return out;
  } finally {
    await src.close();
  }
}

async function textField(r: PdfReader, name: string): Promise<{ ref: PdfRef; dict: PdfDict }> {
  const form = await r.resolveDict((await r.catalog()).get('AcroForm'));
  const fields = (await r.resolve(form?.get('Fields'))) as PdfRef[];
  for (const f of fields) {
    const d = await r.resolveDict(f);
    const t = d?.get('T');
    if (d && t instanceof PdfString && t.text() === name) return { ref: f, dict: d.clone() };
  }
  throw new Error(`no field ${name}`);
}

test('the clerk fills the number and seals: the leader signature is followed by form_fill, still valid', async () => {
  const leader = await signedOnce({ formFields: true });
  const sealed = await signFile(leader, { fieldFills: { so_ky_hieu: '45/QĐ-UBND' } });
  const ps = pdfsigVerify(sealed);
  expect([ps.valid, ps.trusted]).toEqual([2, 2]);
  const r = await verifyPdf(sealed, opts());
  expect(r.signatures.map((s) => [s.changesAfter, s.valid])).toEqual([['form_fill', true], ['none', true]]);
  expect(r.valid).toBe(true);
});

test('filling a field in a plain update is form_fill; renaming it is disallowed', async () => {
  const signed = await signedOnce({ formFields: true });
  const filled = await appendUpdate(signed, async (r) => {
    const f = await textField(r, 'so_ky_hieu');
    return [{ ref: f.ref, value: f.dict.set('V', PdfString.fromText('99/UBND')) }];
  });
  expect((await verifyPdf(filled, opts())).signatures[0].changesAfter).toBe('form_fill');
  const renamed = await appendUpdate(signed, async (r) => {
    const f = await textField(r, 'so_ky_hieu');
    return [{ ref: f.ref, value: f.dict.set('T', PdfString.fromText('khac')).set('Rect', [0, 0, 500, 500]) }];
  });
  const rr = await verifyPdf(renamed, opts());
  expect(rr.signatures[0]).toMatchObject({ changesAfter: 'disallowed', valid: false });
});

test('changing the Info dictionary only is harmless; rewriting a page resource is not', async () => {
  const signed = await signedOnce();
  const info = await appendUpdate(signed, async (r) => {
    const ref = r.trailer.get('Info');
    if (!(ref instanceof PdfRef)) throw new Error('no Info');
    const d = (await r.resolveDict(ref))!.clone();
    return [{ ref, value: d.set('Title', PdfString.fromText('Tiêu đề mới')) }];
  });
  expect((await verifyPdf(info, opts())).signatures[0]).toMatchObject({ changesAfter: 'signatures_only', valid: true });
  const res = await appendUpdate(signed, async (r) => {
    const [pageRef] = await r.pages();
    const page = (await r.resolveDict(pageRef))!;
    const resRef = page.get('Resources');
    if (resRef instanceof PdfRef) return [{ ref: resRef, value: new PdfDict() }];
    return [{ ref: pageRef, value: page.clone().set('Resources', new PdfDict()) }];
  });
  expect((await verifyPdf(res, opts())).signatures[0]).toMatchObject({ changesAfter: 'disallowed', valid: false });
});

test('a /Contents string outside the ByteRange gap is rejected (shadow signature)', async () => {
  const signed = await signedOnce();
  // A new revision rewrites the signature dictionary with a different /Contents than the gap holds.
  const shadow = await appendUpdate(signed, async (r) => {
    const form = await r.resolveDict((await r.catalog()).get('AcroForm'));
    const [fieldRef] = (await r.resolve(form?.get('Fields'))) as PdfRef[];
    const field = (await r.resolveDict(fieldRef))!;
    const vRef = field.get('V') as PdfRef;
    const sig = (await r.resolveDict(vRef))!.clone();
    return [{ ref: vRef, value: sig.set('Contents', new PdfString(Buffer.from('3003020100', 'hex'), true)) }];
  });
  const rep = await verifyPdf(shadow, opts());
  expect(rep.valid).toBe(false);
  expect(rep.signatures[0].errors.map((e) => e.code)).toContain('CONTENTS_MISMATCH');
});
