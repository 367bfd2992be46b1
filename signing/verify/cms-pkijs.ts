import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { algorithmOf, parseBer } from './algorithms';
import { Cert, certFromDer } from './certificates';
import { certWithKeyId, OID, ParsedCms, SignerId } from './cms-fields';
import { cmsMalformed } from './errors';
import type { SplitSignedData } from '../crypto/signed-data-der';

/**
 * The general CMS path: asn1js reads any BER, pkijs matches the schema, and the objects are
 * converted into ParsedCms' plain values. Used whenever cms-fast.ts declines the bytes.
 */

export function bytesOf(v: asn1js.AsnType): Buffer {
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

/** The SignedData with its certificates: from splitSignedData's cut when there is one, else all through pkijs. */
function signedDataOf(der: Buffer, split: SplitSignedData | null): { sd: pkijs.SignedData; certificates: Cert[] } {
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

/** A CertificateList as the pkijs path hands it on: parsed by pkijs and encoded again. */
export function crlBytes(r: pkijs.CertificateRevocationList): Buffer {
  return bytesOf(r.toSchema());
}

export function parseWithPkijs(der: Buffer, split: SplitSignedData | null): ParsedCms {
  const { sd, certificates } = signedDataOf(der, split);
  if (sd.signerInfos.length !== 1) throw cmsMalformed(`${sd.signerInfos.length} signer infos`);
  const si = sd.signerInfos[0];
  const signerCert = findSigner(si, certificates);
  const crls: Buffer[] = [];
  for (const r of sd.crls ?? []) if (r instanceof pkijs.CertificateRevocationList) crls.push(crlBytes(r));
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
  const md = attr(si.signedAttrs, OID.messageDigest)?.values[0];
  const ct = attr(si.signedAttrs, OID.contentType)?.values[0] as asn1js.ObjectIdentifier | undefined;
  const ec = sd.encapContentInfo.eContent;
  return {
    certificates,
    signerCert,
    sid: signerIdOf(si),
    digestOid: si.digestAlgorithm.algorithmId,
    signatureAlgorithm: algorithmOf(si.signatureAlgorithm),
    signatureValue: Buffer.from(si.signature.valueBlock.valueHexView),
    // pkijs already retagged it as SET (0x31).
    signedAttributesDer: si.signedAttrs ? Buffer.from(si.signedAttrs.encodedValue) : undefined,
    messageDigest: md ? octets(md) : undefined,
    contentTypeAttribute: ct ? ct.valueBlock.toString() : undefined,
    eContentType: sd.encapContentInfo.eContentType,
    eContent: ec ? octets(ec) : undefined,
    signingTime: st && typeof st.toDate === 'function' ? st.toDate() : undefined,
    hasSigningCertificateV2: !!attr(si.signedAttrs, OID.signingCertificateV2),
    crls,
    ocspResponses,
    timestampToken: tsAttr?.values[0] ? bytesOf(tsAttr.values[0]) : undefined,
  };
}

function signerIdOf(si: pkijs.SignerInfo): SignerId {
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    return { issuer: bytesOf(si.sid.issuer.toSchema()), serialNumber: Buffer.from(si.sid.serialNumber.valueBlock.valueHexView) };
  }
  return { subjectKeyIdentifier: Buffer.from((si.sid as asn1js.Primitive).valueBlock.valueHexView) };
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
  return certWithKeyId(Buffer.from((si.sid as asn1js.Primitive).valueBlock.valueHexView), certs);
}
