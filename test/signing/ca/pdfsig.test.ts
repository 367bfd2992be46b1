import { PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import signpdf, { Signer } from '@signpdf/signpdf';
import type { IssuedCertificate } from '../../../signing/ca';
import { demoPki, scratchDir, type DemoPki } from './fixtures';
import { makeNssDb } from './nss';
import { run, writeFiles } from './tools';

/**
 * The certificate profile against a real PDF validator: poppler's pdfsig over NSS. The CMS is
 * made by `openssl cms` (independent of our code). @signpdf's own P12Signer is not used: it
 * re-encodes the issuer name through node-forge, which double-encodes UTF8String names, so
 * its signatures with Vietnamese certificates point at no certificate.
 */
class OpensslSigner extends Signer {
  constructor(private readonly dir: string, private readonly cert: IssuedCertificate) {
    super();
  }

  async sign(content: Buffer): Promise<Buffer> {
    const f = writeFiles(this.dir, {
      'content.bin': content,
      'signer.pem': this.cert.certPem,
      'signer.key': this.cert.keyPem,
      'chain.pem': this.cert.chainPem.join(''),
    });
    const r = run('openssl', ['cms', '-sign', '-binary', '-md', 'sha256', '-outform', 'DER', '-in', f['content.bin'],
      '-signer', f['signer.pem'], '-inkey', f['signer.key'], '-certfile', f['chain.pem'], '-out', `${this.dir}/sig.der`]);
    if (r.status !== 0) throw new Error(r.stderr);
    return require('fs').readFileSync(`${this.dir}/sig.der`) as Buffer;
  }
}

async function signedPdf(dir: string, cert: IssuedCertificate): Promise<string> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  pdflibAddPlaceholder({ pdfDoc: doc, reason: 'Ký duyệt', contactInfo: '', name: 'Lãnh đạo', location: 'Hiền Vân', signatureLength: 16384 });
  const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
  const signed = await signpdf.sign(pdf, new OpensslSigner(dir, cert));
  return writeFiles(dir, { 'signed.pdf': signed })['signed.pdf'];
}

describe('pdfsig over NSS', () => {
  let pki: DemoPki;
  let nss: string;
  beforeAll(async () => {
    pki = await demoPki();
    nss = makeNssDb(pki.ca.rootCertPem);
  });

  it.each([
    ['leader', 'Nguyễn Văn Hùng'],
    ['seal', 'UBND xã Hiền Vân'],
    ['leaderEc', 'Nguyễn Văn Hùng'],
  ] as const)('trusts a PDF signed with the %s certificate', async (who, cn) => {
    const file = await signedPdf(scratchDir(), pki[who]);
    // The demo CA's OCSP URL (port 3000) is not served in this test; see the OCSP test below.
    const r = run('pdfsig', ['-no-ocsp', '-nssdir', `sql:${nss}`, file]);
    expect(r.stdout).toContain('Signature Validation: Signature is Valid.');
    expect(r.stdout).toContain('Certificate Validation: Certificate is Trusted.');
    expect(r.stdout).toContain(`Signer Certificate Common Name: ${cn}`);
  });

  it('does not trust it without the demo root', async () => {
    const file = await signedPdf(scratchDir(), pki.leader);
    const emptyDb = scratchDir('vanban-nss-');
    run('certutil', ['-N', '--empty-password', '-d', `sql:${emptyDb}`]);
    const r = run('pdfsig', ['-no-ocsp', '-nssdir', `sql:${emptyDb}`, file]);
    expect(r.stdout).toContain('Signature Validation: Signature is Valid.');
    expect(r.stdout).not.toContain('Certificate is Trusted');
  });
});
