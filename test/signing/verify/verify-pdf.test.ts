import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { verifyPdf, VerifyOptions } from '../../../signing/verify';
import { tempDir } from '../fixtures/pdfs';
import { verifyPki } from './pki';
import {
  contentsOf, draftFile, pdfsigSign, pdfsigVerify, replaceContents, signedOnce, signFile, swapFirstPageContent, toIndefiniteBer,
} from './signed-fixtures';

jest.setTimeout(60_000);

function opts(extra: Partial<VerifyOptions> = {}): VerifyOptions {
  const pki = verifyPki();
  return { trustAnchors: [pki.rootPem], intermediates: [pki.intermediatePem], ...extra };
}

function write(buf: Buffer, name: string): string {
  const p = join(tempDir('vanban-vt-'), name);
  writeFileSync(p, buf);
  return p;
}

describe('agreement with pdfsig', () => {
  test('valid B-T signature by our signer (only the leaf embedded, path from intermediates)', async () => {
    const file = await signedOnce({ timestamp: true });
    const ps = pdfsigVerify(file);
    expect([ps.signatures, ps.valid, ps.trusted, ps.wholeDocument]).toEqual([1, 1, 1, 1]);
    const r = await verifyPdf(file, opts());
    expect(r.valid).toBe(true);
    const s = r.signatures[0];
    expect(s).toMatchObject({
      integrity: 'intact', chain: 'trusted', coversWholeFile: true, changesAfter: 'none', level: 'B-T',
      revocation: 'not_checked', signingTimeSource: 'timestamp', subFilter: 'ETSI.CAdES.detached',
    });
    expect(s.signer?.commonName).toBe('Nguyễn Văn A');
    expect(s.timestamp).toMatchObject({ valid: true, chain: 'trusted', tsaName: 'TSA Thu nghiem' });
  });

  test('foreign signer: pdfsig adbe.pkcs7.detached (not PAdES: level null)', async () => {
    const file = pdfsigSign(await draftFile());
    const ps = pdfsigVerify(file);
    expect([ps.valid, ps.trusted]).toEqual([1, 1]);
    const r = await verifyPdf(file, opts());
    expect(r.signatures[0]).toMatchObject({
      integrity: 'intact', chain: 'trusted', subFilter: 'adbe.pkcs7.detached', valid: true, level: null, signingTimeSource: 'pdf',
    });
  });

  test('our signature on top of a pdfsig signature: both intact, the first followed by signatures only', async () => {
    const file = await signFile(pdfsigSign(await draftFile()));
    const ps = pdfsigVerify(file);
    expect([ps.valid, ps.trusted]).toEqual([2, 2]);
    const r = await verifyPdf(file, opts());
    expect(r.valid).toBe(true);
    expect(r.signatures.map((s) => s.changesAfter)).toEqual(['signatures_only', 'none']);
  });

  test('tampered: one byte flipped inside the signed range', async () => {
    const file = await signedOnce();
    const buf = readFileSync(file);
    // Byte 10 sits in the binary comment after %PDF-: the file still parses, the digest changes.
    buf[10] ^= 0x01;
    const bad = write(buf, 'tampered.pdf');
    const ps = pdfsigVerify(bad);
    expect(ps.valid).toBe(0);
    expect(ps.digestMismatch).toBe(true);
    const r = await verifyPdf(bad, opts());
    expect(r.valid).toBe(false);
    expect(r.signatures[0].integrity).toBe('broken');
    expect(r.signatures[0].errors.map((e) => e.code)).toContain('DIGEST_MISMATCH');
  });

  test('signature copied into another file', async () => {
    const a = readFileSync(await signedOnce());
    // Another document, signed with a timestamp so its placeholder is roomy enough for A's CMS.
    const bFile = await signedOnce({ formFields: true, timestamp: true });
    const moved = write(replaceContents(readFileSync(bFile), contentsOf(a)), 'copied.pdf');
    const ps = pdfsigVerify(moved);
    expect(ps.valid).toBe(0);
    const r = await verifyPdf(moved, opts());
    expect(r.valid).toBe(false);
    expect(r.signatures[0].integrity).toBe('broken');
    expect(r.signatures[0].signer?.commonName).toBe('Nguyễn Văn A');
  });

  test('revisions swapped: two signatures with their updates in the wrong order', async () => {
    const draft = await draftFile();
    const base = readFileSync(draft);
    const one = await signFile(draft);
    const two = readFileSync(await signFile(one));
    const u1 = two.subarray(base.length, readFileSync(one).length);
    const u2 = two.subarray(readFileSync(one).length);
    const swapped = write(Buffer.concat([base, u2, u1]), 'swapped-revisions.pdf');
    const ps = pdfsigVerify(swapped);
    expect(ps.valid).toBeLessThan(2);
    const outcome = await verifyPdf(swapped, opts()).then(
      (r) => r.valid,
      (e: { code?: string }) => e.code,
    );
    expect(outcome === false || outcome === 'VERIFY_PDF_MALFORMED').toBe(true);
  });

  test('untrusted: signer under an unknown root', async () => {
    const file = await signedOnce({ signer: verifyPki().stranger });
    const ps = pdfsigVerify(file);
    expect([ps.valid, ps.trusted]).toEqual([1, 0]);
    const r = await verifyPdf(file, opts());
    expect(r.valid).toBe(false);
    expect(r.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'untrusted' });
  });

  test('later revision swaps page content: pdfsig still says valid, we say disallowed', async () => {
    const file = await swapFirstPageContent(await signedOnce());
    const ps = pdfsigVerify(file);
    // Documented difference: pdfsig only notes that the signature no longer covers the whole file.
    expect([ps.valid, ps.trusted, ps.wholeDocument]).toEqual([1, 1, 0]);
    const r = await verifyPdf(file, opts());
    expect(r.valid).toBe(false);
    expect(r.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'trusted', coversWholeFile: false, changesAfter: 'disallowed' });
    expect(r.signatures[0].errors.map((e) => e.code)).toContain('DISALLOWED_CHANGE');
    expect(r.signatures[0].changeDetails.join()).toMatch(/disallowed: page 1 \/Contents/);
  });
});

describe('changes after signing', () => {
  test('a second signature is signatures_only; the last one covers the file', async () => {
    const file = await signFile(await signedOnce());
    const ps = pdfsigVerify(file);
    expect([ps.valid, ps.trusted]).toEqual([2, 2]);
    const r = await verifyPdf(file, opts());
    expect(r.valid).toBe(true);
    expect(r.signatures.map((s) => [s.changesAfter, s.coversWholeFile, s.revision])).toEqual([
      ['signatures_only', false, 1],
      ['none', true, 2],
    ]);
  });
});

describe('trust', () => {
  test('without the intermediate the path cannot be built; embedded chain suffices', async () => {
    const leafOnly = await signedOnce();
    const r1 = await verifyPdf(leafOnly, opts({ intermediates: [] }));
    expect(r1.signatures[0].chain).toBe('untrusted');
    const embedded = await signedOnce({ embedChain: true });
    const r2 = await verifyPdf(embedded, opts({ intermediates: [] }));
    expect(r2.signatures[0].chain).toBe('trusted');
  });

  test('the wrong anchor does not trust anything', async () => {
    const r = await verifyPdf(await signedOnce(), opts({ trustAnchors: [verifyPki().strangerRootPem] }));
    expect(r.signatures[0].chain).toBe('untrusted');
  });

  test('a self-declared signing time outside the certificate validity is expired', async () => {
    const file = await signedOnce({ signingTime: new Date('2035-01-01T00:00:00Z') });
    const r = await verifyPdf(file, opts());
    expect(r.signatures[0]).toMatchObject({ chain: 'expired', signingTimeSource: 'pdf', valid: false });
  });

  test('a timestamp time beats the self-declared time', async () => {
    const file = await signedOnce({ signingTime: new Date('2035-01-01T00:00:00Z'), timestamp: true });
    const r = await verifyPdf(file, opts());
    expect(r.signatures[0]).toMatchObject({ chain: 'trusted', signingTimeSource: 'timestamp', valid: true });
  });
});

describe('revocation', () => {
  const crlFetcher = async (req: { kind: string; url: string }): Promise<Buffer | null> => {
    const pki = verifyPki();
    if (req.kind !== 'crl') return null;
    return req.url === pki.crlUrl ? pki.crlDer : req.url === pki.rootCrlUrl ? pki.rootCrlDer : null;
  };

  test('offline is not_checked, never good', async () => {
    const r = await verifyPdf(await signedOnce(), opts({ fetchRevocation: false }));
    expect(r.signatures[0].revocation).toBe('not_checked');
  });

  test('fetched CRL: leader good, revoked signer revoked', async () => {
    const pki = verifyPki();
    const good = await verifyPdf(await signedOnce(), opts({ fetchRevocation: crlFetcher }));
    expect(good.signatures[0].revocation).toBe('good');
    // Without the root's CRL the intermediate's status is unknown, so the path is not 'good'.
    const partial = await verifyPdf(await signedOnce(), opts({
      fetchRevocation: async (req) => (req.kind === 'crl' && req.url === pki.crlUrl ? pki.crlDer : null),
    }));
    expect(partial.signatures[0].revocation).toBe('unknown');
    const revoked = await verifyPdf(await signedOnce({ signer: pki.revoked }), opts({ fetchRevocation: crlFetcher }));
    expect(revoked.signatures[0].revocation).toBe('revoked');
    expect(revoked.signatures[0].valid).toBe(false);
  });

  test('an unreachable responder gives unknown', async () => {
    const r = await verifyPdf(await signedOnce(), opts({ fetchRevocation: async () => { throw new Error('network down'); } }));
    expect(r.signatures[0].revocation).toBe('unknown');
  });
});

describe('encodings', () => {
  test('BER (indefinite-length) CMS from another signer is accepted; /Contents is not trimmed', async () => {
    const file = await signedOnce();
    const pdf = readFileSync(file);
    const ber = toIndefiniteBer(contentsOf(pdf));
    expect(ber[1]).toBe(0x80);
    const berFile = write(replaceContents(pdf, ber), 'ber.pdf');
    const r = await verifyPdf(berFile, opts());
    expect(r.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'trusted', valid: true });
    const ps = pdfsigVerify(berFile);
    expect(ps.valid).toBe(1);
  });

  test('a file without signatures is not valid', async () => {
    const r = await verifyPdf(await draftFile(), opts());
    expect(r).toMatchObject({ valid: false, signatures: [], summary: 'Tệp không có chữ ký số.' });
  });
});
