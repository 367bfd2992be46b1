import { RevocationRequest, verifyPdf } from '../../../signing/verify';
import { verifyPki } from './pki';
import { pdfsigVerify, signedOnce } from './signed-fixtures';

jest.setTimeout(60_000);

const opts = () => ({ trustAnchors: [verifyPki().rootPem], intermediates: [verifyPki().intermediatePem] });

/** OCSP for leaves (answered by openssl ocsp), the root's CRL for the intermediate. */
async function fetcher(req: RevocationRequest): Promise<Buffer | null> {
  const pki = verifyPki();
  if (req.kind === 'ocsp') return req.url === 'http://ocsp.vanban.test/' ? pki.ocsp(req.body) : null;
  return req.url === pki.rootCrlUrl ? pki.rootCrlDer : null;
}

test('OCSP fetched online: good and revoked', async () => {
  const pki = verifyPki();
  const good = await verifyPdf(await signedOnce({ signer: pki.ocspLeader }), { ...opts(), fetchRevocation: fetcher });
  expect(good.signatures[0]).toMatchObject({ revocation: 'good', valid: true });
  const bad = await verifyPdf(await signedOnce({ signer: pki.ocspRevoked }), { ...opts(), fetchRevocation: fetcher });
  expect(bad.signatures[0]).toMatchObject({ revocation: 'revoked', valid: false });
  expect(bad.signatures[0].errors.map((e) => e.code)).toContain('CERT_REVOKED');
});

test('a tampered OCSP answer is not believed', async () => {
  const pki = verifyPki();
  const forged = async (req: RevocationRequest): Promise<Buffer | null> => {
    if (req.kind !== 'ocsp') return fetcher(req);
    const resp = pki.ocsp(req.body);
    // producedAt (the first GeneralizedTime) is signed: change its seconds digit.
    const at = resp.indexOf(Buffer.from([0x18, 0x0f]));
    resp[at + 2 + 13] = resp[at + 2 + 13] === 0x30 ? 0x31 : 0x30;
    return resp;
  };
  const r = await verifyPdf(await signedOnce({ signer: pki.ocspLeader }), { ...opts(), fetchRevocation: forged });
  expect(r.signatures[0].revocation).toBe('unknown');
});

test('ECDSA P-256 signer', async () => {
  const file = await signedOnce({ signer: verifyPki().ecLeader, timestamp: true });
  const ps = pdfsigVerify(file);
  expect([ps.valid, ps.trusted]).toEqual([1, 1]);
  const r = await verifyPdf(file, opts());
  expect(r.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'trusted', level: 'B-T', valid: true });
  expect(r.signatures[0].signer?.commonName).toBe('Trần Thị B');
});
