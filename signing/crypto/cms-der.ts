/**
 * A CMS SignedData (RFC 5652 §5) read straight from DER, without asn1js/pkijs: building a
 * pkijs.SignedData (asn1js parse plus schema matching) was the largest single cost of verifying
 * a fresh signature. Like signed-data-der.ts it reads only the common shape, strictly:
 *
 *   SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo, [1] crls OPTIONAL,
 *                             signerInfos SET of exactly one }   (certificates already cut out)
 *   SignerInfo ::= SEQUENCE { version, sid (IssuerAndSerialNumber | [0] SubjectKeyIdentifier),
 *                             digestAlgorithm, [0] signedAttrs OPTIONAL, signatureAlgorithm,
 *                             signature OCTET STRING, [1] unsignedAttrs OPTIONAL }
 *
 * and returns null for anything else (BER, other fields or orders, several signers, trailing
 * bytes), so the caller parses with pkijs exactly as before. The whole tree must also pass
 * isPlainDer, so every byte string handed out is what the pkijs path would have re-encoded.
 */

import { childrenOf, contents, isPlainDer, oidString, readTlv, Tlv, whole } from './der-reader';

export interface AlgorithmDer {
  oid: string;
  /** The parameters field (any type) as encoded, when present. */
  parametersDer?: Buffer;
}

/** An attribute: its type and each value of its SET, DER. */
export interface DerAttribute {
  oid: string;
  values: Buffer[];
}

export type SignerIdDer =
  /** IssuerAndSerialNumber: the issuer Name (whole DER) and the serial's INTEGER contents. */
  | { issuer: Buffer; serialNumber: Buffer }
  /** [0] SubjectKeyIdentifier: the key identifier bytes. */
  | { subjectKeyIdentifier: Buffer };

export interface SignerInfoDer {
  sid: SignerIdDer;
  digestAlgorithm: AlgorithmDer;
  signedAttributes?: {
    /** The [0] field re-tagged as SET (0x31): the bytes the signature covers (RFC 5652 §5.4). */
    der: Buffer;
    attributes: DerAttribute[];
  };
  signatureAlgorithm: AlgorithmDer;
  signature: Buffer;
  unsignedAttributes?: DerAttribute[];
}

export interface SignedDataDer {
  eContentType: string;
  /** The eContent OCTET STRING's value (a timestamp token's TSTInfo); undefined when detached. */
  eContent?: Buffer;
  /** Each CertificateList of the crls field, DER. */
  crls: Buffer[];
  signer: SignerInfoDer;
}

/** Reads a SignedData SEQUENCE without certificates (splitSignedData's output); null when not of the shape above. */
export function readSignedData(der: Buffer): SignedDataDer | null {
  const sd = readTlv(der, 0, der.length);
  if (!sd || sd.tag !== 0x30 || sd.end !== der.length || !isPlainDer(der, sd)) return null;
  const f = childrenOf(der, sd);
  if (!f || f.length < 4 || f.length > 5) return null;
  const [version, digestAlgorithms, encap] = f;
  const crlField = f.length === 5 ? f[3] : undefined;
  const signerInfos = f[f.length - 1];
  if (version.tag !== 0x02 || digestAlgorithms.tag !== 0x31 || signerInfos.tag !== 0x31) return null;
  if (crlField && crlField.tag !== 0xa1) return null;
  const algs = childrenOf(der, digestAlgorithms);
  if (!algs || !algs.every((a) => algorithm(der, a))) return null;
  const content = encapsulated(der, encap);
  const crls = crlField ? childrenOf(der, crlField) : [];
  // Other revocation formats ([1] OtherRevocationInfoFormat) are left to pkijs.
  if (!content || !crls || !crls.every((c) => c.tag === 0x30)) return null;
  const infos = childrenOf(der, signerInfos);
  if (!infos || infos.length !== 1) return null;
  const signer = signerInfo(der, infos[0]);
  if (!signer) return null;
  return { ...content, crls: crls.map((c) => whole(der, c)), signer };
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }. */
function algorithm(der: Buffer, t: Tlv): AlgorithmDer | null {
  if (t.tag !== 0x30) return null;
  const k = childrenOf(der, t);
  if (!k || k.length < 1 || k.length > 2) return null;
  const oid = oidString(der, k[0]);
  if (!oid) return null;
  return k.length === 2 ? { oid, parametersDer: whole(der, k[1]) } : { oid };
}

/** EncapsulatedContentInfo: detached, or with an OCTET STRING eContent (primitive, or pkijs' segmented form). */
function encapsulated(der: Buffer, t: Tlv): { eContentType: string; eContent?: Buffer } | null {
  if (t.tag !== 0x30) return null;
  const k = childrenOf(der, t);
  if (!k || k.length < 1 || k.length > 2) return null;
  const eContentType = oidString(der, k[0]);
  if (!eContentType) return null;
  if (k.length === 1) return { eContentType };
  if (k[1].tag !== 0xa0) return null;
  const inner = childrenOf(der, k[1]);
  if (!inner || inner.length !== 1) return null;
  if (inner[0].tag === 0x04) return { eContentType, eContent: contents(der, inner[0]) };
  // Constructed (isPlainDer admitted only primitive segments): the value is their concatenation.
  const segments = inner[0].tag === 0x24 ? childrenOf(der, inner[0]) : null;
  return segments ? { eContentType, eContent: Buffer.concat(segments.map((s) => contents(der, s))) } : null;
}

function signerInfo(der: Buffer, t: Tlv): SignerInfoDer | null {
  if (t.tag !== 0x30) return null;
  const k = childrenOf(der, t);
  if (!k || k.length < 5 || k[0].tag !== 0x02) return null;
  const sid = signerId(der, k[1]);
  const digestAlgorithm = algorithm(der, k[2]);
  if (!sid || !digestAlgorithm) return null;
  let i = 3;
  let signedAttributes: SignerInfoDer['signedAttributes'];
  if (k[i].tag === 0xa0) {
    const attributes = attributeList(der, k[i]);
    if (!attributes) return null;
    const setDer = Buffer.from(whole(der, k[i])); // a copy: the tag byte is rewritten
    setDer[0] = 0x31;
    signedAttributes = { der: setDer, attributes };
    i += 1;
  }
  const signatureAlgorithm = k[i] && algorithm(der, k[i]);
  const sig = k[i + 1];
  if (!signatureAlgorithm || !sig || sig.tag !== 0x04) return null;
  i += 2;
  let unsignedAttributes: DerAttribute[] | undefined;
  if (k[i]?.tag === 0xa1) {
    unsignedAttributes = attributeList(der, k[i]) ?? undefined;
    if (!unsignedAttributes) return null;
    i += 1;
  }
  if (i !== k.length) return null;
  return { sid, digestAlgorithm, signedAttributes, signatureAlgorithm, signature: contents(der, sig), unsignedAttributes };
}

function signerId(der: Buffer, t: Tlv): SignerIdDer | null {
  if (t.tag === 0x80) return { subjectKeyIdentifier: contents(der, t) };
  if (t.tag !== 0x30) return null;
  const k = childrenOf(der, t);
  if (!k || k.length !== 2 || !isName(der, k[0]) || k[1].tag !== 0x02) return null;
  return { issuer: whole(der, k[0]), serialNumber: contents(der, k[1]) };
}

/** Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY } (RFC 5280 §4.1.2.4). */
function isName(der: Buffer, t: Tlv): boolean {
  if (t.tag !== 0x30) return false;
  const rdns = childrenOf(der, t);
  return !!rdns && rdns.every((rdn) => {
    const atvs = rdn.tag === 0x31 ? childrenOf(der, rdn) : null;
    return !!atvs && atvs.length > 0 && atvs.every((atv) => {
      const kv = atv.tag === 0x30 ? childrenOf(der, atv) : null;
      return !!kv && kv.length === 2 && oidString(der, kv[0]) !== null;
    });
  });
}

/** [n] IMPLICIT SET OF Attribute, Attribute ::= SEQUENCE { attrType OID, attrValues SET OF ANY }; at least one. */
function attributeList(der: Buffer, t: Tlv): DerAttribute[] | null {
  const items = childrenOf(der, t);
  if (!items || items.length === 0) return null;
  const out: DerAttribute[] = [];
  for (const item of items) {
    const kv = item.tag === 0x30 ? childrenOf(der, item) : null;
    if (!kv || kv.length !== 2 || kv[1].tag !== 0x31) return null;
    const oid = oidString(der, kv[0]);
    const values = childrenOf(der, kv[1]);
    if (!oid || !values) return null;
    out.push({ oid, values: values.map((v) => whole(der, v)) });
  }
  return out;
}
