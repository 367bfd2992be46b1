import { execFileSync } from 'child_process';
import { createHash, sign as nodeSign } from 'crypto';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { readSignedData } from '../../../signing/crypto/cms-der';
import { childrenOf, readTlv, Tlv } from '../../../signing/crypto/der-reader';
import { derTlv } from '../../../signing/crypto/der';
import { splitSignedData } from '../../../signing/crypto/signed-data-der';
import { respondTimestamp } from '../../../signing/ca';
import { assembleSignedData, certificatesFromPem } from '../../../signing/sign/cms';
import { certFromDer } from '../../../signing/verify/certificates';
import { checkSigner, OID, parseCms, ParsedCms } from '../../../signing/verify/cms';
import { parsedFromDer } from '../../../signing/verify/cms-fast';
import { parseWithPkijs } from '../../../signing/verify/cms-pkijs';
import { ocspRequestFor } from '../../../signing/verify/revocation';
import { demoPki } from '../ca/fixtures';
import { tempDir } from '../fixtures/pdfs';
import { verifyPki } from './pki';
import { contentsOf, signedOnce, toIndefiniteBer } from './signed-fixtures';

jest.setTimeout(120_000);

/**
 * The DER fast path (crypto/cms-der.ts + verify/cms-fast.ts) against the pkijs path it replaces
 * for the common shape: the same ParsedCms field by field on real signatures, and a refusal
 * (hence the pkijs path, hence the same result or error) on everything outside that shape.
 */

/** The fast path alone: null when it declines. */
function fastParse(der: Buffer): ParsedCms | null {
  const split = splitSignedData(der);
  const read = split && readSignedData(split.signedDataWithoutCertificates);
  return read && split ? parsedFromDer(read, split.certificates.map(certFromDer)) : null;
}

/** Every field of ParsedCms in comparable form; the key list makes a new field fail here until compared. */
function plain(p: ParsedCms): Record<string, unknown> {
  const hex = (b: Buffer | undefined) => b?.toString('hex');
  const fields: Record<keyof ParsedCms, unknown> = {
    certificates: p.certificates.map((c) => hex(c.der)),
    signerCert: hex(p.signerCert?.der),
    sid: 'subjectKeyIdentifier' in p.sid ? { ski: hex(p.sid.subjectKeyIdentifier) } : { issuer: hex(p.sid.issuer), serial: hex(p.sid.serialNumber) },
    digestOid: p.digestOid,
    signatureAlgorithm: { oid: p.signatureAlgorithm.oid, params: hex(p.signatureAlgorithm.parametersDer) },
    signatureValue: hex(p.signatureValue),
    signedAttributesDer: hex(p.signedAttributesDer),
    messageDigest: hex(p.messageDigest),
    contentTypeAttribute: p.contentTypeAttribute,
    eContentType: p.eContentType,
    eContent: hex(p.eContent),
    signingTime: p.signingTime?.toISOString(),
    hasSigningCertificateV2: p.hasSigningCertificateV2,
    crls: p.crls.map(hex),
    ocspResponses: p.ocspResponses.map(hex),
    timestampToken: hex(p.timestampToken),
  };
  expect(Object.keys(p).filter((k) => !(k in fields))).toEqual([]);
  return fields;
}

/** What the verifier made of `der` before the fast path: pkijs, errors coded as parseCms codes them. */
function reference(der: Buffer): { ok: Record<string, unknown> } | { code: string } {
  try {
    return { ok: plain(parseWithPkijs(der, splitSignedData(der))) };
  } catch (e) {
    return { code: (e as { code?: string }).code ?? 'VERIFY_CMS_MALFORMED' };
  }
}

function actual(der: Buffer): { ok: Record<string, unknown> } | { code: string } {
  try {
    return { ok: plain(parseCms(der)) };
  } catch (e) {
    return { code: (e as { code?: string }).code ?? 'none' };
  }
}

/** Fast and pkijs agree on every field, and the signature really verifies over the bytes handed out. */
function expectSame(der: Buffer): ParsedCms {
  const fast = fastParse(der);
  expect(fast).not.toBeNull();
  const slow = parseWithPkijs(der, splitSignedData(der));
  expect(plain(fast!)).toEqual(plain(slow));
  // The unsplit pkijs parse (BER-capable) agrees as well.
  expect(plain(parseWithPkijs(der, null))).toEqual(plain(slow));
  expect(fast!.signerCert).not.toBeNull();
  const contentDigest = fast!.signedAttributesDer ? fast!.messageDigest! : undefined;
  if (contentDigest) {
    const f = checkSigner(fast!, contentDigest);
    expect(f).toEqual(checkSigner(slow, contentDigest));
    expect(f.signatureOk).toBe(true);
    // One bit off in what the signature covers: both paths say no.
    const bad = { ...fast!, signedAttributesDer: Buffer.from(fast!.signedAttributesDer!) };
    bad.signedAttributesDer[bad.signedAttributesDer.length - 1] ^= 1;
    expect(checkSigner(bad, contentDigest).signatureOk).toBe(false);
  }
  return fast!;
}

// ---- a tiny DER tree, to build the malformed variants -------------------------------------------

interface Node {
  tag: number;
  kids?: Node[];
  body?: Buffer;
  /** Encode with an indefinite length (BER). */
  indefinite?: boolean;
  /** Encode the length in long form with a needless leading zero byte (BER, not DER). */
  longLength?: boolean;
  /** Encode the length in long form although it is under 128 (BER, not DER). */
  longShort?: boolean;
}

function tree(buf: Buffer, at = 0): Node & { end: number } {
  const tag = buf[at];
  let len = buf[at + 1];
  let pos = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + i];
    pos += n;
  }
  const end = pos + len;
  if (!(tag & 0x20)) return { tag, body: buf.subarray(pos, end), end };
  const kids: Node[] = [];
  for (let p = pos; p < end; ) {
    const k = tree(buf, p);
    kids.push(k);
    p = k.end;
  }
  return { tag, kids, end };
}

function encode(n: Node): Buffer {
  const body = n.kids ? Buffer.concat(n.kids.map(encode)) : n.body!;
  if (n.indefinite) return Buffer.concat([Buffer.from([n.tag, 0x80]), body, Buffer.alloc(2)]);
  if (n.longLength) return Buffer.concat([Buffer.from([n.tag, 0x83, 0x00, body.length >> 8, body.length & 0xff]), body]);
  if (n.longShort && body.length < 0x80) return Buffer.concat([Buffer.from([n.tag, 0x81, body.length]), body]);
  return derTlv(n.tag, body);
}

/** The ContentInfo's SignedData fields and its one SignerInfo's fields, editable. */
function edit(der: Buffer, change: (sdFields: Node[], siFields: Node[], signerInfos: Node) => void): Buffer {
  const ci = tree(der);
  const sd = ci.kids![1].kids![0];
  const signerInfos = sd.kids![sd.kids!.length - 1];
  change(sd.kids!, signerInfos.kids![0].kids!, signerInfos);
  return encode(ci);
}

// ---- fixtures ------------------------------------------------------------------------------------

function opensslCms(signer: { certFile: string; keyFile: string }, extra: string[]): Buffer {
  const dir = tempDir('vanban-cmsfast-');
  writeFileSync(join(dir, 'data.bin'), Buffer.from('nội dung được ký'));
  return execFileSync('openssl', ['cms', '-sign', '-binary', '-in', 'data.bin', '-signer', signer.certFile, '-inkey', signer.keyFile,
    '-md', 'sha256', '-outform', 'DER', ...extra], { cwd: dir });
}

/** Our assembler with signing-time and an Adobe revocation archival attribute (CRL and OCSP response), signed for real. */
function withArchival(): Buffer {
  const pki = verifyPki();
  const [certDer] = certificatesFromPem(pki.leader.certPem);
  const [intDer] = certificatesFromPem(pki.intermediatePem);
  const ocsp = pki.ocsp(ocspRequestFor(certFromDer(certDer), certFromDer(intDer)));
  const archival = new asn1js.Sequence({
    value: [
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Sequence({ value: [asn1js.fromBER(new Uint8Array(pki.crlDer)).result] })] }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [new asn1js.Sequence({ value: [asn1js.fromBER(new Uint8Array(ocsp)).result] })] }),
    ],
  });
  const attrs = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: new Uint8Array(createHash('sha256').update('x').digest()) })] }),
    new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: new Date('2026-12-02T08:30:00Z') })] }),
    new pkijs.Attribute({ type: OID.adbeRevocationInfoArchival, values: [archival] }),
  ];
  const encoded = attrs.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER(false)) })).sort((x, y) => Buffer.compare(x.der, y.der));
  const der = derTlv(0x31, Buffer.concat(encoded.map((e) => e.der)));
  return assembleSignedData({
    signerCertDer: certDer, certificatesDer: [intDer], signedAttributes: { attributes: encoded.map((e) => e.a), der },
    signatureValue: nodeSign('sha256', der, pki.leader.keyPem), timestampToken: pki.timestamp(Buffer.from('sig')),
  });
}

/** A token from our own TSA (signing/ca/tsa.ts). */
async function ourTsaToken(): Promise<Buffer> {
  const { ca } = await demoPki();
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '2.16.840.1.101.3.4.2.1' }),
      hashedMessage: new asn1js.OctetString({ valueHex: new Uint8Array(createHash('sha256').update('x').digest()) }),
    }),
    certReq: true,
  });
  const resp = tree(await respondTimestamp(ca, Buffer.from(req.toSchema().toBER(false))));
  return encode(resp.kids![1]); // TimeStampResp ::= SEQUENCE { status, timeStampToken }
}

describe('CMS fast path equals the pkijs path', () => {
  let ours: Buffer;
  beforeAll(async () => {
    ours = contentsOf(readFileSync(await signedOnce()));
  });

  it('our signer (RSA, IssuerAndSerialNumber, signing-certificate-v2)', () => {
    const p = expectSame(ours);
    expect(p.hasSigningCertificateV2).toBe(true);
    expect(p.signatureAlgorithm.parametersDer?.toString('hex')).toBe('0500');
  });

  it('our signer with a signature timestamp, and the token itself (TSTInfo eContent, signing-time)', async () => {
    const cms = contentsOf(readFileSync(await signedOnce({ timestamp: true })));
    const p = expectSame(cms);
    expect(p.timestampToken).toBeDefined();
    const t = expectSame(p.timestampToken!);
    expect(t.eContentType).toBe(OID.tstInfo);
    expect(t.eContent!.length).toBeGreaterThan(0);
  });

  it('our signer on an ECDSA key', async () => {
    const p = expectSame(contentsOf(readFileSync(await signedOnce({ signer: verifyPki().ecLeader }))));
    expect(p.signatureAlgorithm.oid).toBe('1.2.840.10045.4.3.2');
  });

  it('signing-time, a revocation archival attribute with CRL and OCSP response, an unsigned timestamp', () => {
    const p = expectSame(withArchival());
    expect(p.signingTime?.toISOString()).toBe('2026-12-02T08:30:00.000Z');
    expect(p.crls).toHaveLength(1);
    expect(p.ocspResponses).toHaveLength(1);
    expect(p.crls[0].equals(verifyPki().crlDer)).toBe(true);
  });

  it('openssl cms: RSASSA-PSS, ECDSA, SubjectKeyIdentifier, encapsulated content, no signed attributes', () => {
    const pki = verifyPki();
    const pss = expectSame(opensslCms(pki.leader, ['-keyopt', 'rsa_padding_mode:pss']));
    expect(pss.signatureAlgorithm.oid).toBe('1.2.840.113549.1.1.10');
    expect(pss.signatureAlgorithm.parametersDer).toBeDefined();
    expect(expectSame(opensslCms(pki.ecLeader, [])).signingTime).toBeDefined();
    expect('subjectKeyIdentifier' in expectSame(opensslCms(pki.leader, ['-keyid'])).sid).toBe(true);
    expect(expectSame(opensslCms(pki.leader, ['-nodetach'])).eContent?.toString()).toBe('nội dung được ký');
    const noAttr = expectSame(opensslCms(pki.leader, ['-noattr']));
    expect(noAttr.signedAttributesDer).toBeUndefined();
  });

  it('a crls field (CertificateList) in the SignedData', () => {
    const withCrl = edit(ours, (sd) => sd.splice(sd.length - 1, 0, { tag: 0xa1, kids: [tree(verifyPki().crlDer)] }));
    const p = expectSame(withCrl);
    expect(p.crls).toHaveLength(1);
  });

  it('a sid whose issuer is encoded differently but equal for pkijs (PrintableString as UTF8String)', () => {
    let changed = 0;
    const variant = edit(ours, (_sd, si) => {
      for (const rdn of si[1].kids![0].kids!) for (const atv of rdn.kids!) if (atv.kids![1].tag === 0x13) (atv.kids![1].tag = 0x0c), changed++;
    });
    expect(changed).toBeGreaterThan(0);
    expect(expectSame(variant).signerCert!.der.equals(expectSame(ours).signerCert!.der)).toBe(true);
  });

  it('a sid naming an issuer no certificate has: no signer on either path', () => {
    const cn = derTlv(0x30, Buffer.concat([Buffer.from('0603550403', 'hex'), derTlv(0x0c, Buffer.from('Người khác'))]));
    const variant = edit(ours, (_sd, si) => (si[1].kids![0] = tree(derTlv(0x30, derTlv(0x31, cn)))));
    const fast = fastParse(variant);
    expect(fast).not.toBeNull();
    expect(fast!.signerCert).toBeNull();
    expect(plain(fast!)).toEqual(plain(parseWithPkijs(variant, splitSignedData(variant))));
  });

  it('a token from our own TSA', async () => {
    const t = expectSame(await ourTsaToken());
    expect(t.eContentType).toBe(OID.tstInfo);
    expect(t.signingTime).toBeDefined();
  });
});

describe('outside the common shape the fast path declines, and the verdict is the pkijs one', () => {
  let ours: Buffer;
  let stamped: Buffer;
  beforeAll(async () => {
    ours = contentsOf(readFileSync(await signedOnce()));
    stamped = contentsOf(readFileSync(await signedOnce({ timestamp: true })));
  });

  const variants: [string, (b: () => Buffer) => Buffer][] = [
    ['BER outer layers', (b) => toIndefiniteBer(b())],
    ['indefinite-length SignerInfo', (b) => edit(b(), (_sd, _si, infos) => (infos.kids![0].indefinite = true))],
    ['indefinite-length signed attributes', (b) => edit(b(), (_sd, si) => (si[3].indefinite = true))],
    ['non-minimal length on the signature', (b) => edit(b(), (_sd, si) => (si[5].longLength = true))],
    ['long-form length under 128 on the digest algorithm', (b) => edit(b(), (_sd, si) => (si[2].longShort = true))],
    ['attribute values in a SEQUENCE instead of a SET', (b) => edit(b(), (_sd, si) => {
      for (const a of si[3].kids!) if (a.kids![0].body!.equals(Buffer.from('2a864886f70d010904', 'hex'))) a.kids![1].tag = 0x30;
    })],
    ['two signer infos', (b) => edit(b(), (_sd, _si, infos) => infos.kids!.push(infos.kids![0]))],
    ['no signer info', (b) => edit(b(), (_sd, _si, infos) => infos.kids!.splice(0))],
    ['an unknown field in the SignerInfo', (b) => edit(b(), (_sd, si) => si.push({ tag: 0x82, body: Buffer.from([1]) }))],
    ['an unknown field in the SignedData', (b) => edit(b(), (sd) => sd.splice(3, 0, { tag: 0xa5, kids: [] }))],
    ['trailing bytes inside the SignerInfo', (b) => edit(b(), (_sd, si) => si.push({ tag: 0x05, body: Buffer.alloc(0) }))],
    ['signature as a constructed OCTET STRING', (b) => edit(b(), (_sd, si) => (si[5] = { tag: 0x24, kids: [si[5]] }))],
    ['message digest as an INTEGER', (b) => edit(b(), (_sd, si) => {
      for (const a of si[3].kids!) if (a.kids![0].body!.equals(Buffer.from('2a864886f70d010904', 'hex'))) a.kids![1].kids![0].tag = 0x02;
    })],
    ['signed and unsigned attributes swapped in order', (b) => edit(b(), (_sd, si) => si.splice(3, 0, si.splice(6, 1)[0]))],
    ['a NULL with contents in the signature algorithm', (b) => edit(b(), (_sd, si) => (si[4].kids![1].body = Buffer.from([0])))],
    ['an OID sub-identifier padded with 0x80', (b) => edit(b(), (_sd, si) => (si[2].kids![0].body = Buffer.concat([Buffer.from([0x80]), si[2].kids![0].body!])))],
  ];

  test.each(variants)('%s', (_label, make) => {
    for (const base of [() => ours, () => stamped]) {
      let der: Buffer;
      try {
        der = make(base);
      } catch {
        continue; // e.g. no unsigned attributes to swap in `ours`
      }
      expect(fastParse(der)).toBeNull();
      expect(actual(der)).toEqual(reference(der));
    }
  });

  it('lengths that overrun, truncation and trailing bytes after the SignedData', () => {
    const split = splitSignedData(ours)!;
    const sd = split.signedDataWithoutCertificates;
    expect(readSignedData(sd)).not.toBeNull();
    expect(readSignedData(Buffer.concat([sd, Buffer.from([0])]))).toBeNull();
    expect(readSignedData(sd.subarray(0, sd.length - 1))).toBeNull();
    // Each TLV that ends its parent, made one byte longer: it now runs past the parent's end.
    const lastChildren: number[] = [];
    const walk = (t: Tlv): void => {
      const kids = t.tag & 0x20 ? childrenOf(sd, t) ?? [] : [];
      if (kids.length) lastChildren.push(kids[kids.length - 1].start);
      kids.forEach(walk);
    };
    walk(readTlv(sd, 0, sd.length)!);
    expect(lastChildren.length).toBeGreaterThan(10);
    for (const at of lastChildren) {
      const bad = Buffer.from(sd);
      const lenAt = bad[at + 1] & 0x80 ? at + 1 + (bad[at + 1] & 0x7f) : at + 1;
      if (bad[lenAt] === 0x7f || bad[lenAt] === 0xff) continue;
      bad[lenAt] += 1;
      expect(readSignedData(bad)).toBeNull();
    }
    const cut = ours.subarray(0, ours.length - 3);
    expect(fastParse(cut)).toBeNull();
    expect(actual(cut)).toEqual(reference(cut));
    expect(actual(cut)).toEqual({ code: 'VERIFY_CMS_MALFORMED' });
  });

  it('two signer infos are still refused as before', () => {
    const two = edit(ours, (_sd, _si, infos) => infos.kids!.push(infos.kids![0]));
    expect(actual(two)).toEqual({ code: 'VERIFY_CMS_MALFORMED' });
  });
});
