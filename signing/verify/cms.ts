import { constants, KeyObject, publicDecrypt } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digest, parseBer, publicKeyOf, verifyRaw } from './algorithms';
import { Cert, certFromDer } from './certificates';
import { cmsMalformed, unsupportedAlgorithm } from './errors';
import { splitSignedData } from '../crypto/signed-data-der';
import { ParseCache } from './parse-cache';

export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  adbeRevocationInfoArchival: '1.2.840.113583.1.1.8',
} as const;

/** What the verifier needs from a CMS SignedData (a PDF signature or an RFC 3161 token). */
export interface ParsedCms {
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  certificates: Cert[];
  signerCert: Cert | null;
  digestOid: string;
  eContentType: string;
  /** Encapsulated content (TSTInfo of a token, digest of adbe.pkcs7.sha1); undefined when detached. */
  eContent?: Buffer;
  signingTime?: Date;
  hasSigningCertificateV2: boolean;
  /** DER CRLs from SignedData.crls and the Adobe revocation archival attribute. */
  crls: Buffer[];
  /** DER OCSPResponses from the Adobe revocation archival attribute. */
  ocspResponses: Buffer[];
  /** DER ContentInfo of the signature timestamp (unsigned attribute), if any. */
  timestampToken?: Buffer;
}

function bytesOf(v: asn1js.AsnType): Buffer {
  return Buffer.from(v.toBER(false));
}

/** Value bytes of an OCTET STRING, primitive or constructed (BER). */
export function octets(os: asn1js.AsnType): Buffer {
  const b = os as asn1js.OctetString;
  if (b.idBlock.isConstructed) {
    return Buffer.concat((b.valueBlock.value as asn1js.AsnType[]).map((x) => octets(x)));
  }
  return Buffer.from(b.valueBlock.valueHexView);
}

function attr(attrs: pkijs.SignedAndUnsignedAttributes | undefined, oid: string): pkijs.Attribute | undefined {
  return attrs?.attributes.find((a) => a.type === oid);
}

/** Parses without verifying. Any structural problem becomes VERIFY_CMS_MALFORMED. */
const parsedCms = new ParseCache<ParsedCms>(512);

export function parseCms(der: Buffer): ParsedCms {
  try {
    // The same signature recurs in every later revision of a file (see ParseCache): parsed once per process.
    return parsedCms.get(der, () => parseUnchecked(der));
  } catch (e) {
    if (e instanceof Error && e.name === 'VerifyError') throw e;
    throw cmsMalformed((e as Error).message ?? String(e));
  }
}

/** The SignedData with its certificates: split in DER when possible (see crypto/signed-data-der.ts), else all through pkijs. */
function signedDataOf(der: Buffer): { sd: pkijs.SignedData; certificates: Cert[] } {
  const split = splitSignedData(der);
  if (split) return { sd: new pkijs.SignedData({ schema: parseBer(split.signedDataWithoutCertificates) }), certificates: split.certificates.map(certFromDer) };
  const ci = new pkijs.ContentInfo({ schema: parseBer(der) });
  if (ci.contentType !== OID.signedData) throw cmsMalformed(`content type ${ci.contentType}`);
  const sd = new pkijs.SignedData({ schema: ci.content });
  const certificates: Cert[] = [];
  const encoded = certificateEncodings(ci.content, sd.certificates?.length ?? 0);
  (sd.certificates ?? []).forEach((c, i) => {
    // The bytes as they stand in the file (re-encoding the parsed certificate costs more than parsing it again).
    if (c instanceof pkijs.Certificate) certificates.push(certFromDer(encoded?.[i] ?? bytesOf(c.toSchema())));
  });
  return { sd, certificates };
}

function parseUnchecked(der: Buffer): ParsedCms {
  const { sd, certificates } = signedDataOf(der);
  if (sd.signerInfos.length !== 1) throw cmsMalformed(`${sd.signerInfos.length} signer infos`);
  const si = sd.signerInfos[0];
  const signerCert = findSigner(si, certificates);
  const crls: Buffer[] = [];
  for (const r of sd.crls ?? []) if (r instanceof pkijs.CertificateRevocationList) crls.push(bytesOf(r.toSchema()));
  const ocspResponses: Buffer[] = [];
  const archival = attr(si.signedAttrs, OID.adbeRevocationInfoArchival);
  if (archival && archival.values[0] instanceof asn1js.Sequence) {
    for (const tagged of archival.values[0].valueBlock.value) {
      const tag = tagged.idBlock.tagNumber;
      const inner = (tagged as asn1js.Constructed).valueBlock.value?.[0] as asn1js.Sequence | undefined;
      for (const item of inner?.valueBlock.value ?? []) {
        if (tag === 0) crls.push(bytesOf(item));
        else if (tag === 1) ocspResponses.push(bytesOf(item));
      }
    }
  }
  const st = attr(si.signedAttrs, OID.signingTime)?.values[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  const tsAttr = attr(si.unsignedAttrs, OID.signatureTimeStampToken);
  const ec = sd.encapContentInfo.eContent;
  return {
    signedData: sd,
    signerInfo: si,
    certificates,
    signerCert,
    digestOid: si.digestAlgorithm.algorithmId,
    eContentType: sd.encapContentInfo.eContentType,
    eContent: ec ? octets(ec) : undefined,
    signingTime: st && typeof st.toDate === 'function' ? st.toDate() : undefined,
    hasSigningCertificateV2: !!attr(si.signedAttrs, OID.signingCertificateV2),
    crls,
    ocspResponses,
    timestampToken: tsAttr?.values[0] ? bytesOf(tsAttr.values[0]) : undefined,
  };
}

/**
 * The encoded bytes of each entry of SignedData.certificates ([0] IMPLICIT SET), in order, as they
 * were read; null when the structure is not the expected one (the caller then re-encodes).
 */
function certificateEncodings(signedData: unknown, expected: number): Buffer[] | null {
  const seq = signedData as asn1js.Sequence;
  const fields = seq?.valueBlock?.value;
  if (!Array.isArray(fields)) return null;
  const set = fields.find((f) => f.idBlock.tagClass === 3 && f.idBlock.tagNumber === 0) as asn1js.Constructed | undefined;
  const entries = set?.valueBlock?.value;
  if (!Array.isArray(entries) || entries.length !== expected) return null;
  const out = entries.map((e) => Buffer.from(e.valueBeforeDecodeView));
  return out.every((b) => b.length > 0) ? out : null;
}

function findSigner(si: pkijs.SignerInfo, certs: Cert[]): Cert | null {
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = si.sid;
    return certs.find((c) => c.pkijs.issuer.isEqual(sid.issuer) && c.pkijs.serialNumber.isEqual(sid.serialNumber)) ?? null;
  }
  // SubjectKeyIdentifier ([0] IMPLICIT OCTET STRING).
  const ski = Buffer.from((si.sid as asn1js.Primitive).valueBlock.valueHexView);
  return (
    certs.find((c) => {
      const ext = c.pkijs.extensions?.find((e) => e.extnID === '2.5.29.14');
      const v = ext?.parsedValue as asn1js.OctetString | undefined;
      return !!v && Buffer.from(v.valueBlock.valueHexView).equals(ski);
    }) ?? null
  );
}

export interface SignerCheck {
  /** The content digest matches (messageDigest attribute, or the raw signature when no attributes). */
  digestOk: boolean;
  signatureOk: boolean;
  detail?: string;
}

/**
 * Checks the signer's signature given the digest of the signed content (document byte ranges
 * or encapsulated content). Never throws for a wrong signature; only for unsupported algorithms.
 */
export function checkSigner(p: ParsedCms, contentDigest: Buffer): SignerCheck {
  if (!p.signerCert) return { digestOk: false, signatureOk: false, detail: 'signer certificate not in CMS' };
  const si = p.signerInfo;
  const sig = Buffer.from(si.signature.valueBlock.valueHexView);
  const key = publicKeyOf(p.signerCert.pkijs);
  if (!si.signedAttrs) {
    // Old adbe.pkcs7 signers sign the content digest directly; we only hold the digest (the
    // ranges were streamed), which RSA PKCS#1 v1.5 lets us check by recovering the DigestInfo.
    return checkDigestInfo(key, sig, contentDigest);
  }
  const md = attr(si.signedAttrs, OID.messageDigest)?.values[0];
  const digestOk = !!md && octets(md).equals(contentDigest);
  const ct = attr(si.signedAttrs, OID.contentType)?.values[0] as asn1js.ObjectIdentifier | undefined;
  const ctOk = !!ct && ct.valueBlock.toString() === p.eContentType;
  const signedBytes = Buffer.from(si.signedAttrs.encodedValue); // pkijs already retagged it as SET (0x31)
  let signatureOk = false;
  try {
    signatureOk = verifyRaw(si.signatureAlgorithm, p.digestOid, signedBytes, sig, key);
  } catch (e) {
    if ((e as { code?: string }).code === 'VERIFY_UNSUPPORTED') throw e;
    signatureOk = false;
  }
  return { digestOk: digestOk && ctOk, signatureOk, detail: ctOk ? undefined : 'content-type attribute mismatch' };
}

export function contentDigestOf(p: ParsedCms, data: Buffer): Buffer {
  return digest(p.digestOid, data);
}

function checkDigestInfo(key: KeyObject, sig: Buffer, contentDigest: Buffer): SignerCheck {
  if (key.asymmetricKeyType !== 'rsa') throw unsupportedAlgorithm('CMS without signed attributes and a non-RSA key');
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, sig);
  } catch {
    return { digestOk: false, signatureOk: false, detail: 'RSA signature does not decrypt' };
  }
  try {
    const di = parseBer(recovered) as asn1js.Sequence;
    const digestValue = octets(di.valueBlock.value[1]);
    const ok = digestValue.equals(contentDigest);
    return { digestOk: ok, signatureOk: true };
  } catch {
    return { digestOk: false, signatureOk: false, detail: 'no DigestInfo in the signature' };
  }
}
