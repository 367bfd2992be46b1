import * as pkijs from 'pkijs';
import { parseBer } from './algorithms';
import { Cert } from './certificates';
import { certWithKeyId, OID, ParsedCms } from './cms-fields';
import { crlBytes } from './cms-pkijs';
import { DerAttribute, SignedDataDer, SignerIdDer } from '../crypto/cms-der';
import { childrenOf, contents, oidString, readTlv, Tlv } from '../crypto/der-reader';

/**
 * ParsedCms from a SignedData read in DER (crypto/cms-der.ts), without asn1js/pkijs in the common
 * case. Every value is taken the way cms-pkijs.ts takes it from the pkijs objects; where an
 * attribute holds something that path would read in its own lenient way (a message digest that
 * is not an OCTET STRING, a time with fractions...), this returns null and the caller uses pkijs.
 */
export function parsedFromDer(sd: SignedDataDer, certificates: Cert[]): ParsedCms | null {
  const si = sd.signer;
  const signed = si.signedAttributes?.attributes;
  const md = valueOf(first(signed, OID.messageDigest));
  const ct = valueOf(first(signed, OID.contentType));
  const st = valueOf(first(signed, OID.signingTime));
  if ((md && md.tag !== 0x04) || (ct && ct.tag !== 0x06)) return null;
  const signingTime = st ? timeOf(st) : undefined;
  if (signingTime === null) return null;
  const revocation = archivalOf(first(signed, OID.adbeRevocationInfoArchival));
  if (!revocation) return null;
  // Rare in a PDF signature (revocation data goes in the DSS or the archival attribute): pkijs reads
  // them exactly as the general path does, so both give the same bytes and the same failures.
  const crls = sd.crls.map((c) => crlBytes(new pkijs.CertificateRevocationList({ schema: parseBer(c) })));
  const token = first(si.unsignedAttributes, OID.signatureTimeStampToken)?.values[0];
  return {
    certificates,
    signerCert: signerOf(si.sid, certificates),
    sid: si.sid,
    digestOid: si.digestAlgorithm.oid,
    signatureAlgorithm: si.signatureAlgorithm,
    signatureValue: si.signature,
    signedAttributesDer: si.signedAttributes?.der,
    messageDigest: md ? contents(md.buf, md) : undefined,
    contentTypeAttribute: ct ? oidString(ct.buf, ct) ?? undefined : undefined,
    eContentType: sd.eContentType,
    eContent: sd.eContent,
    signingTime,
    hasSigningCertificateV2: !!first(signed, OID.signingCertificateV2),
    crls: [...crls, ...revocation.crls],
    ocspResponses: revocation.ocspResponses,
    // Verbatim: cms-der.ts admitted only DER that asn1js re-encodes to the same bytes.
    timestampToken: token,
  };
}

function first(attrs: DerAttribute[] | undefined, oid: string): DerAttribute | undefined {
  return attrs?.find((a) => a.oid === oid);
}

type Value = Tlv & { buf: Buffer };

/** The attribute's first value as a TLV, like `values[0]` on the pkijs side. */
function valueOf(a: DerAttribute | undefined): Value | undefined {
  const v = a?.values[0];
  const t = v && readTlv(v, 0, v.length);
  return t ? { ...t, buf: v } : undefined;
}

/** signing-time as asn1js' toDate() gives it; undefined for a value of another type (no date on the pkijs side either), null for forms left to asn1js. */
function timeOf(v: Value): Date | undefined | null {
  const s = contents(v.buf, v).toString('latin1');
  const n = (from: number, len: number) => parseInt(s.slice(from, from + len), 10);
  if (v.tag === 0x17 && /^\d{12}Z$/.test(s)) {
    const yy = n(0, 2);
    return new Date(Date.UTC(yy >= 50 ? 1900 + yy : 2000 + yy, n(2, 2) - 1, n(4, 2), n(6, 2), n(8, 2), n(10, 2)));
  }
  if (v.tag === 0x18 && /^\d{14}Z$/.test(s)) return new Date(Date.UTC(n(0, 4), n(4, 2) - 1, n(6, 2), n(8, 2), n(10, 2), n(12, 2), 0));
  return v.tag === 0x17 || v.tag === 0x18 ? null : undefined;
}

/**
 * Adobe's RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRL, ocsp [1]
 * EXPLICIT SEQUENCE OF OCSPResponse, otherRevInfo [2] ... }, each part optional; null for any
 * other shape (the pkijs path then reads it with its own leniency).
 */
function archivalOf(a: DerAttribute | undefined): { crls: Buffer[]; ocspResponses: Buffer[] } | null {
  const out = { crls: [] as Buffer[], ocspResponses: [] as Buffer[] };
  const v = valueOf(a);
  if (!v || v.tag !== 0x30) return out; // pkijs ignores a value that is not a SEQUENCE
  for (const part of childrenOf(v.buf, v) ?? []) {
    if (part.tag < 0xa0 || part.tag > 0xa2) return null;
    const inner = childrenOf(v.buf, part);
    if (!inner || inner.length !== 1 || inner[0].tag !== 0x30) return null;
    const items = (childrenOf(v.buf, inner[0]) ?? []).map((t) => v.buf.subarray(t.start, t.end));
    if (part.tag === 0xa0) out.crls.push(...items);
    else if (part.tag === 0xa1) out.ocspResponses.push(...items);
  }
  return out;
}

/**
 * The certificate the sid names. IssuerAndSerialNumber: the first certificate with the same serial
 * and issuer, as pkijs' isEqual judges it; equal issuer bytes settle it without pkijs, and only a
 * certificate with the serial but differently encoded issuer bytes needs the pkijs comparison.
 */
function signerOf(sid: SignerIdDer, certs: Cert[]): Cert | null {
  if ('subjectKeyIdentifier' in sid) return certWithKeyId(sid.subjectKeyIdentifier, certs);
  let issuer: pkijs.RelativeDistinguishedNames | undefined;
  return (
    certs.find((c) => {
      if (!Buffer.from(c.pkijs.serialNumber.valueBlock.valueHexView).equals(sid.serialNumber)) return false;
      if (Buffer.from(c.pkijs.issuer.valueBeforeDecode).equals(sid.issuer)) return true;
      issuer ??= new pkijs.RelativeDistinguishedNames({ schema: parseBer(sid.issuer) });
      return c.pkijs.issuer.isEqual(issuer);
    }) ?? null
  );
}
