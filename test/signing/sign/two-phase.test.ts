import { createPrivateKey, sign as nodeSign, webcrypto } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { completePdfSignature, loadP12, preparePdfSignature, signPdf } from '../../../signing/sign';
import { assembleSignedData, buildSignedAttributes, certificatesFromPem } from '../../../signing/sign/cms';
import { classicPdf, objectStreamPdf, tempDir, writeTemp } from '../fixtures/pdfs';
import { signaturePng } from '../fixtures/images';
import { testPki } from './test-pki';
import { expectAllValid, pdfsig, qpdfCheck } from './validators';

// A time the (freshly issued) test certificates are valid at: the signer refuses any other.
const when = new Date(Math.ceil(Date.now() / 1000) * 1000 + 120_000);

describe('two-phase (external) signing', () => {
  const pki = testPki();
  const appearance = { kind: 'signer' as const, image: signaturePng(), page: 1, rect: '380,180,160,70', signingTime: when, reason: 'Phê duyệt' };

  test('raw RSA signature over toBeSigned gives the same bytes as one-go', async () => {
    const dir = tempDir();
    const input = writeTemp(await objectStreamPdf(), 'in.pdf', dir);
    const oneGo = join(dir, 'one-go.pdf');
    await signPdf({ input, output: oneGo, signer: pki.leader, ...appearance });
    const preparedPath = join(dir, 'prepared.pdf');
    const prepared = await preparePdfSignature({ input, preparedOutput: preparedPath, signer: { certPem: pki.leader.certPem, chainPem: pki.leader.chainPem }, ...appearance });
    // The USB token / CSC service: sign the DER of the signed attributes.
    const signatureValue = nodeSign('sha256', prepared.toBeSigned, pki.leader.keyPem);
    // The state survives a JSON round trip (it is stored between HTTP requests).
    const state = JSON.parse(JSON.stringify(prepared.state));
    const done = await completePdfSignature(state, { signatureValue, input: preparedPath, output: join(dir, 'two-phase.pdf') });
    expect(done.pdf).toBe(join(dir, 'two-phase.pdf'));
    expect(readFileSync(join(dir, 'two-phase.pdf')).equals(readFileSync(oneGo))).toBe(true);
    expectAllValid(pdfsig(oneGo, pki.nssDir), 1);
  });

  test('a whole CMS from a remote service, in memory', async () => {
    // The service's CMS carries its own chain: reserve room for it explicitly.
    const prepared = await preparePdfSignature({ input: writeTemp(await classicPdf()), signer: { certPem: pki.leader.certPem }, reserveBytes: 8192, ...appearance });
    expect(Buffer.isBuffer(prepared.preparedPdf)).toBe(true);
    // The remote service signs the document digest and returns its own CMS.
    const certDer = certificatesFromPem(pki.leader.certPem)[0];
    const attrs = buildSignedAttributes(prepared.documentDigest, certDer);
    const cms = assembleSignedData({
      signerCertDer: certDer, certificatesDer: certificatesFromPem(pki.leader.chainPem[0]), signedAttributes: attrs,
      signatureValue: nodeSign('sha256', attrs.der, pki.leader.keyPem),
    });
    const done = await completePdfSignature(prepared.state, { cms }, { preparedPdf: prepared.preparedPdf as Buffer });
    const file = writeTemp(done.pdf as Buffer, 'remote.pdf');
    expectAllValid(pdfsig(file, pki.nssDir), 1);
    qpdfCheck(file);
    // A CMS that does not fit the reserved room is refused, not truncated.
    await expect(completePdfSignature(prepared.state, { cms: Buffer.concat([cms, Buffer.alloc(20000)]) }, { preparedPdf: prepared.preparedPdf as Buffer }))
      .rejects.toMatchObject({ code: 'SIGN_PLACEHOLDER_TOO_SMALL' });
  });

  test('ECDSA P-256: raw r||s from WebCrypto is accepted', async () => {
    const dir = tempDir();
    const prepared = await preparePdfSignature({ input: writeTemp(await classicPdf(), 'in.pdf', dir), preparedOutput: join(dir, 'p.pdf'), signer: { certPem: pki.leaderEc.certPem, chainPem: pki.leaderEc.chainPem }, ...appearance });
    const key = await webcrypto.subtle.importKey('pkcs8', createPrivateKey(pki.leaderEc.keyPem).export({ format: 'der', type: 'pkcs8' }), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const raw = Buffer.from(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, prepared.toBeSigned));
    expect(raw.length).toBe(64);
    await completePdfSignature(prepared.state, { signatureValue: raw });
    expectAllValid(pdfsig(join(dir, 'p.pdf'), pki.nssDir), 1);
  });
});

describe('PKCS#12 and key types', () => {
  const pki = testPki();

  test.each([['RSA', 'leader'], ['EC', 'leaderec']])('loadP12 (%s) signs valid PDFs', async (_l, name) => {
    const material = loadP12(readFileSync(join(pki.dir, `${name}.p12`)), 'matkhau');
    expect(material.certPem).toContain('BEGIN CERTIFICATE');
    expect(material.chainPem).toHaveLength(1);
    const dir = tempDir();
    const out = join(dir, 'o.pdf');
    await signPdf({ input: writeTemp(await classicPdf(), 'i.pdf', dir), output: out, signer: material, kind: 'signer', page: 1, rect: '380,180,160,40' });
    expectAllValid(pdfsig(out, pki.nssDir), 1);
  });

  test('wrong password is a coded error', () => {
    expect(() => loadP12(readFileSync(join(pki.dir, 'leader.p12')), 'sai')).toThrow(expect.objectContaining({ code: 'SIGN_BAD_P12' }));
  });

  test('a WebCrypto CryptoKey can sign one-go', async () => {
    const key = await webcrypto.subtle.importKey('pkcs8', createPrivateKey(pki.leader.keyPem).export({ format: 'der', type: 'pkcs8' }), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    const dir = tempDir();
    const out = join(dir, 'o.pdf');
    await signPdf({ input: writeTemp(await classicPdf(), 'i.pdf', dir), output: out, signer: { key, certPem: pki.leader.certPem, chainPem: pki.leader.chainPem }, kind: 'signer', page: 1, rect: '380,180,160,40' });
    expectAllValid(pdfsig(out, pki.nssDir), 1);
  });
});
