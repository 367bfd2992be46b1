import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { preparePdfSignature, signPdf } from '../../../signing/sign';
import { tempDir } from '../fixtures/pdfs';
import { verifyPki } from '../verify/pki';
import { draftFile } from '../verify/signed-fixtures';

jest.setTimeout(120_000);

/** A self-signed signing certificate with an RSA key of `bits`, made by openssl. */
function selfSigned(bits: number, ku = 'digitalSignature,nonRepudiation'): { keyPem: string; certPem: string } {
  const dir = tempDir('vanban-own-');
  execFileSync('openssl', ['req', '-x509', '-newkey', `rsa:${bits}`, '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '30', '-subj', '/CN=Yeu', '-addext', `keyUsage=critical,${ku}`], { stdio: 'pipe' });
  return { keyPem: readFileSync(join(dir, 'k.pem'), 'utf8'), certPem: readFileSync(join(dir, 'c.pem'), 'utf8') };
}

async function refused(signer: { keyPem: string; certPem: string; chainPem?: string[] }, extra: Record<string, unknown> = {}): Promise<string> {
  const output = join(tempDir('vanban-own-'), 'out.pdf');
  const err = await signPdf({ input: await draftFile(), output, signer, kind: 'attachment', attachmentText: { numberSymbol: '1' }, ...extra }).then(() => null, (e) => e);
  expect(existsSync(output)).toBe(err === null); // refused: nothing written
  return (err as { code?: string } | null)?.code ?? 'signed';
}

test('the signer refuses its own certificate when a verifier would, writing nothing', async () => {
  const pki = verifyPki();
  const leader = { keyPem: pki.leader.keyPem, certPem: pki.leader.certPem };
  expect(await refused(leader, { signingTime: new Date('2035-01-01T00:00:00Z') })).toBe('SIGN_CERT_EXPIRED');
  expect(await refused(leader, { signingTime: new Date('2001-01-01T00:00:00Z') })).toBe('SIGN_CERT_NOT_YET_VALID');
  expect(await refused({ keyPem: pki.encipherOnly.keyPem, certPem: pki.encipherOnly.certPem })).toBe('SIGN_CERT_KEY_USAGE');
  expect(await refused(selfSigned(1024))).toBe('SIGN_WEAK_KEY');
  // Revocation, where it can be checked: the CRL named in the certificate lists it.
  const crlFetcher = async (req: { kind: string; url: string }) => (req.kind === 'crl' && req.url === pki.crlUrl ? pki.crlDer : null);
  const revoked = { keyPem: pki.revoked.keyPem, certPem: pki.revoked.certPem, chainPem: [pki.intermediatePem] };
  expect(await refused(revoked, { revocationFetcher: crlFetcher })).toBe('SIGN_CERT_REVOKED');
  expect(await refused({ ...leader, chainPem: [pki.intermediatePem] }, { revocationFetcher: crlFetcher })).toBe('signed');
  expect(await refused(selfSigned(2048))).toBe('signed');
});

test('two-phase prepare refuses the same way', async () => {
  const pki = verifyPki();
  await expect(preparePdfSignature({ input: await draftFile(), signer: { certPem: pki.leader.certPem }, kind: 'attachment', attachmentText: { numberSymbol: '1' }, signingTime: new Date('2035-01-01T00:00:00Z') }))
    .rejects.toMatchObject({ code: 'SIGN_CERT_EXPIRED' });
});
