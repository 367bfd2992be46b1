import { existsSync } from 'fs';
import { join } from 'path';
import { PdfString } from '../../../signing/pdf';
import { signPdf } from '../../../signing/sign';
import { verifyPdf } from '../../../signing/verify';
import { tempDir } from '../fixtures/pdfs';
import { appendUpdate, fieldNamed } from './attacks/update';
import { verifyPki } from './pki';
import { draftFile, pdfsigVerify } from './signed-fixtures';
import { ATTACKS } from './attacks/generators';

jest.setTimeout(120_000);

const opts = () => ({ trustAnchors: [verifyPki().rootPem], intermediates: [verifyPki().intermediatePem] });
const leader = () => ({ keyPem: verifyPki().leader.keyPem, certPem: verifyPki().leader.certPem });

async function sign(input: string, extra: Partial<Parameters<typeof signPdf>[0]>): Promise<string> {
  const output = join(tempDir('vanban-mdp-'), 'out.pdf');
  await signPdf({ input, output, signer: leader(), kind: 'attachment', attachmentText: { numberSymbol: '12/UBND' }, ...extra });
  return output;
}

const fillByAttacker = (file: string, field: string) =>
  appendUpdate(file, async (r) => {
    const f = await fieldNamed(r, field);
    return { objects: [{ ref: f.ref, value: f.dict.set('V', PdfString.fromText('99/GIA-MAO')) }] };
  });

test('certified with P=2: filling and signing afterwards keep both signatures valid (pdfsig agrees)', async () => {
  const certified = await sign(await draftFile(true), { certify: 2 });
  const sealed = await sign(certified, { fieldFills: { so_ky_hieu: '45/QĐ-UBND' } });
  const r = await verifyPdf(sealed, opts());
  expect(r.signatures.map((s) => [s.status, s.changesAfter])).toEqual([['valid', 'form_fill'], ['valid', 'none']]);
  expect(r.signatures[0].changeDetails).toEqual(expect.arrayContaining(['allowed: text field "so_ky_hieu" filled', expect.stringMatching(/^allowed: signature field "ChuKyPhuLuc2" added/)]));
  const ps = pdfsigVerify(sealed);
  expect([ps.valid, ps.trusted]).toEqual([2, 2]);
});

test('certified with P=1: the signer refuses to add anything, a filled field is a DocMDP violation', async () => {
  const certified = await sign(await draftFile(true), { certify: 1 });
  expect((await verifyPdf(certified, opts())).status).toBe('valid');
  const out = join(tempDir('vanban-mdp-'), 'refused.pdf');
  await expect(signPdf({ input: certified, output: out, signer: leader(), kind: 'attachment', attachmentText: { numberSymbol: '1' } })).rejects.toMatchObject({ code: 'SIGN_DOCMDP_FORBIDS' });
  expect(existsSync(out)).toBe(false);
  const r = await verifyPdf(await fillByAttacker(certified, 'so_ky_hieu'), opts());
  expect(r.signatures[0]).toMatchObject({ status: 'invalid', valid: false });
  expect(r.signatures[0].reasons.map((e) => e.code)).toContain('DOCMDP_VIOLATION');
});

test('FieldMDP: a locked field may not be filled, by the signer or by anyone; other fields may', async () => {
  const locked = await sign(await draftFile(true), { lockFields: ['so_ky_hieu'] });
  await expect(sign(locked, { fieldFills: { so_ky_hieu: '45/QĐ' } })).rejects.toMatchObject({ code: 'SIGN_FIELD_LOCKED' });
  const other = await sign(locked, { fieldFills: { ngay_ban_hanh: 'Hà Nội, ngày 1 tháng 12 năm 2026' } });
  expect((await verifyPdf(other, opts())).signatures.map((s) => s.status)).toEqual(['valid', 'valid']);
  const forged = await verifyPdf(await fillByAttacker(locked, 'so_ky_hieu'), opts());
  expect(forged.signatures[0].status).toBe('invalid');
  expect(forged.signatures[0].reasons.map((e) => e.code)).toContain('FIELDMDP_VIOLATION');
  const ps = pdfsigVerify(other);
  expect([ps.valid, ps.trusted]).toEqual([2, 2]);
});

test('certified with P=3: form fill and signing stay allowed; a new annotation is still refused (Vanban allows no new annotations)', async () => {
  const certified = await sign(await draftFile(true), { certify: 3 });
  const sealed = await sign(certified, { fieldFills: { so_ky_hieu: '45/QĐ-UBND' } });
  expect((await verifyPdf(sealed, opts())).signatures.map((s) => s.status)).toEqual(['valid', 'valid']);
  const annotation = ATTACKS.find((a) => a.name === 'a new FreeText annotation')!;
  const r = await verifyPdf(await annotation.forge(certified), opts());
  expect(r.signatures[0]).toMatchObject({ status: 'invalid', valid: false });
  // P=3 itself permits annotations: the refusal is Vanban's policy, not a DocMDP violation.
  expect(r.signatures[0].reasons.map((e) => e.code)).toContain('DISALLOWED_CHANGE');
  expect(r.signatures[0].reasons.map((e) => e.code)).not.toContain('DOCMDP_VIOLATION');
});
