import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { verifyPdf } from '../../../signing/verify';
import { tempDir } from '../fixtures/pdfs';
import { verifyPki } from './pki';
import { readBytes, signedOnce, swapFirstPageContent } from './signed-fixtures';
import { writeFileSync } from 'fs';

jest.setTimeout(120_000);

const opts = () => ({ trustAnchors: [verifyPki().rootPem], intermediates: [verifyPki().intermediatePem] });
const codes = (l: { code: string }[]) => l.map((e) => e.code);

test('valid keeps its meaning; revocation not looked up is a warning, not a verdict', async () => {
  const r = await verifyPdf(await signedOnce(), opts());
  expect(r).toMatchObject({ status: 'valid', valid: true, reasons: [] });
  expect(r.signatures[0]).toMatchObject({ status: 'valid', valid: true, reasons: [] });
  expect(codes(r.signatures[0].warnings)).toContain('REVOCATION_NOT_CHECKED');
});

test('proven wrong is invalid; undecidable is indeterminate; each with a code', async () => {
  const swapped = await verifyPdf(await swapFirstPageContent(await signedOnce()), opts());
  expect(swapped).toMatchObject({ status: 'invalid', valid: false });
  expect(codes(swapped.signatures[0].reasons)).toEqual(['DISALLOWED_CHANGE']);

  const file = await signedOnce();
  const bytes = readBytes(file);
  const i = bytes.indexOf('Trang 1', 0, 'latin1');
  const tampered = join(tempDir('vanban-status-'), 't.pdf');
  if (i >= 0) bytes[i] = 0x74; // a byte of the signed content
  else bytes[200] ^= 1;
  writeFileSync(tampered, bytes);
  const broken = await verifyPdf(tampered, opts());
  expect(broken.signatures[0].status).toBe('invalid');

  const stranger = await verifyPdf(file, { trustAnchors: [verifyPki().strangerRootPem] });
  expect(stranger).toMatchObject({ status: 'indeterminate', valid: false });
  expect(codes(stranger.signatures[0].reasons)).toContain('CHAIN_UNTRUSTED');

  const expired = await verifyPdf(await signedOnce({ signingTime: new Date('2035-01-01T00:00:00Z') }), opts());
  expect(expired.signatures[0].status).toBe('indeterminate');
  expect(codes(expired.signatures[0].reasons)).toContain('CERT_EXPIRED');
});

test('weak algorithms are at least indeterminate: an RSA-1024 signer', async () => {
  const dir = tempDir('vanban-weak-');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:1024', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '30', '-subj', '/CN=Khoa Ngan', '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation'], { stdio: 'pipe' });
  const weak = { keyPem: readFileSync(join(dir, 'k.pem'), 'utf8'), certPem: readFileSync(join(dir, 'c.pem'), 'utf8'), certFile: '', keyFile: '' };
  const r = await verifyPdf(await signedOnce({ signer: weak, unchecked: true }), { trustAnchors: [weak.certPem] });
  expect(r.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'trusted', status: 'indeterminate', valid: false });
  expect(codes(r.signatures[0].reasons)).toEqual(['WEAK_KEY']);
});

test('an unsigned file is indeterminate with NO_SIGNATURES', async () => {
  const { draftFile } = await import('./signed-fixtures');
  const r = await verifyPdf(await draftFile(), opts());
  expect(r).toMatchObject({ status: 'indeterminate', valid: false, reasons: [{ code: 'NO_SIGNATURES' }] });
});
