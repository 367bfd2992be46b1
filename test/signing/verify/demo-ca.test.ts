import { join } from 'path';
import { createCrl, respondOcsp, revokeCertificate } from '../../../signing/ca';
import { signPdf } from '../../../signing/sign';
import { RevocationRequest, verifyPdf } from '../../../signing/verify';
import { demoPki } from '../ca/fixtures';
import { classicPdf, tempDir, writeTemp } from '../fixtures/pdfs';

jest.setTimeout(120_000);

/** Interop with the project's demo CA: its sub CA, its OCSP responder and its CRLs. */
test('demo CA: trusted path, OCSP good, revoked after revocation', async () => {
  const pki = await demoPki();
  const ca = pki.ca;
  const fetcher = async (req: RevocationRequest): Promise<Buffer | null> => {
    if (req.kind === 'ocsp') return req.url === ca.urls.ocsp ? respondOcsp(ca, req.body) : null;
    if (req.url === ca.urls.subCrl) return createCrl(ca, 'sub');
    if (req.url === ca.urls.rootCrl) return createCrl(ca, 'root');
    return null;
  };
  const sign = async (who: typeof pki.leader): Promise<string> => {
    const dir = tempDir('vanban-vdemo-');
    const out = join(dir, 'signed.pdf');
    await signPdf({
      input: writeTemp(await classicPdf(), 'in.pdf', dir), output: out,
      signer: { keyPem: who.keyPem, certPem: who.certPem }, kind: 'attachment', attachmentText: { numberSymbol: '1/UBND' },
    });
    return out;
  };
  const opts = { trustAnchors: [ca.rootCertPem], intermediates: [ca.subCertPem], fetchRevocation: fetcher };
  const leader = await verifyPdf(await sign(pki.leader), opts);
  expect(leader.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'trusted', revocation: 'good', valid: true });
  expect(leader.signatures[0].signer?.commonName).toBe('Nguyễn Văn Hùng');

  const ec = await verifyPdf(await sign(pki.leaderEc), opts);
  expect(ec.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'trusted', valid: true });

  const officialFile = await sign(pki.official);
  await revokeCertificate(ca, pki.official.serialHex, 'keyCompromise');
  const revoked = await verifyPdf(officialFile, opts);
  expect(revoked.signatures[0]).toMatchObject({ revocation: 'revoked', valid: false });
});
