import { join } from 'path';
import { loadP12, signPdf } from '../../../signing/sign';
import { demoPki } from '../ca/fixtures';
import { makeNssDb } from '../ca/nss';
import { classicPdf, tempDir, writeTemp } from '../fixtures/pdfs';
import { sealPng, signaturePng } from '../fixtures/images';
import { expectAllValid, pdfsig, qpdfCheck } from './validators';

/** Interoperability with the demo government PKI (root + subordinate CA) from signing/ca. */
describe('signing with the demo PKI', () => {
  test('leader (EC, from its PKCS#12) then agency seal with fills: both trusted through the sub CA', async () => {
    const pki = await demoPki();
    const nss = makeNssDb(pki.ca.rootCertPem);
    const dir = tempDir();
    const leaderMaterial = loadP12(pki.leaderEc.toP12('mật khẩu'), 'mật khẩu');
    expect(leaderMaterial.chainPem).toHaveLength(2);
    const leaderOut = join(dir, 'leader.pdf');
    await signPdf({
      input: writeTemp(await classicPdf({ formFields: true, signerName: 'Nguyen Van Hung' }), 'draft.pdf', dir), output: leaderOut,
      signer: leaderMaterial, kind: 'signer', image: signaturePng(), anchor: 'Nguyen Van Hung',
    });
    const issued = join(dir, 'issued.pdf');
    await signPdf({
      input: leaderOut, output: issued, signer: { keyPem: pki.seal.keyPem, certPem: pki.seal.certPem, chainPem: pki.seal.chainPem },
      kind: 'seal', image: sealPng(), fieldFills: { so_ky_hieu: '45/QĐ-UBND', ngay_ban_hanh: 'Hiền Vân, ngày 01 tháng 6 năm 2026' },
    });
    // The demo certificates name an OCSP responder that is not running here (revocation is the verifier's job).
    const out = pdfsig(issued, nss, true);
    expectAllValid(out, 2);
    qpdfCheck(issued);
  });
});
