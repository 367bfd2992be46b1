import { readFileSync } from 'fs';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { insertCertificates, splitSignedData } from '../../../signing/crypto/signed-data-der';
import { parseCms } from '../../../signing/verify/cms';
import { parseBer } from '../../../signing/verify/algorithms';
import { contentsOf, toIndefiniteBer, signedOnce } from '../verify/signed-fixtures';

jest.setTimeout(60_000);

/** What pkijs alone reads from the whole ContentInfo: the reference the split must agree with. */
function referenceParse(der: Buffer) {
  const ci = new pkijs.ContentInfo({ schema: parseBer(der) });
  const sd = new pkijs.SignedData({ schema: ci.content });
  return {
    certificates: (sd.certificates ?? []).map((c) => Buffer.from((c as pkijs.Certificate).toSchema().toBER())),
    signerInfo: Buffer.from(sd.signerInfos[0].toSchema().toBER()),
  };
}

describe('splitting a SignedData before pkijs parses it', () => {
  let cms: Buffer;
  beforeAll(async () => {
    cms = contentsOf(readFileSync(await signedOnce()));
  });

  it('cuts out exactly the certificates pkijs finds, and keeps everything else', () => {
    const split = splitSignedData(Buffer.concat([cms, Buffer.alloc(64)]))!; // zero padding after the DER, as in /Contents
    const ref = referenceParse(cms);
    expect(split.certificates.length).toBeGreaterThanOrEqual(1);
    expect(split.certificates.map((c) => c.toString('hex'))).toEqual(ref.certificates.map((c) => c.toString('hex')));
    const rest = new pkijs.SignedData({ schema: parseBer(split.signedDataWithoutCertificates) });
    expect(rest.certificates).toBeUndefined();
    expect(Buffer.from(rest.signerInfos[0].toSchema().toBER()).equals(ref.signerInfo)).toBe(true);
    // The parse the verifier uses carries the same certificates and signer.
    const parsed = parseCms(cms);
    expect(parsed.certificates.map((c) => c.der.toString('hex'))).toEqual(ref.certificates.map((c) => c.toString('hex')));
    expect(parsed.signerCert).not.toBeNull();
    expect(parsed.certificates).toContain(parsed.signerCert);
  });

  it('leaves BER (indefinite lengths) to pkijs, which still reads the same signature', () => {
    const ber = toIndefiniteBer(cms);
    expect(splitSignedData(ber)).toBeNull();
    expect(parseCms(ber).certificates.map((c) => c.der.toString('hex'))).toEqual(referenceParse(cms).certificates.map((c) => c.toString('hex')));
  });

  it('refuses truncated, oversized and foreign structures instead of reading past them', () => {
    expect(splitSignedData(cms.subarray(0, cms.length - 1))).toBeNull();
    expect(splitSignedData(cms.subarray(0, 10))).toBeNull();
    const lying = Buffer.from(cms);
    lying[3] = 0xff; // the outer length now claims more than there is
    expect(splitSignedData(lying)).toBeNull();
    const data = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.1', content: new asn1js.OctetString({ valueHex: new Uint8Array([1, 2, 3]) }) });
    expect(splitSignedData(Buffer.from(data.toSchema().toBER()))).toBeNull();
    expect(splitSignedData(Buffer.alloc(0))).toBeNull();
  });

  it('puts certificates back in verbatim: split and insert are inverse, and pkijs reads the result', () => {
    const split = splitSignedData(cms)!;
    const bare = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: parseBer(split.signedDataWithoutCertificates) });
    const rebuilt = insertCertificates(Buffer.from(bare.toSchema().toBER()), split.certificates);
    expect(rebuilt.equals(cms)).toBe(true);
    const extra = [...split.certificates, split.certificates[0]];
    const doubled = referenceParse(insertCertificates(Buffer.from(bare.toSchema().toBER()), extra));
    expect(doubled.certificates.map((c) => c.toString('hex'))).toEqual(extra.map((c) => c.toString('hex')));
    // A SignedData that already has certificates is not silently given a second field.
    expect(() => insertCertificates(cms, split.certificates)).toThrow(/without certificates/);
  });
});
