/**
 * A CMS SignedData's certificates, taken out or put in at the top level, in DER, around pkijs:
 * pkijs parses and re-encodes every certificate with its full schema (most of the cost of making
 * or checking a signature), while the same few certificates (the leader's, the agency's, the CA
 * chain) recur in every signature an agency makes. The verifier cuts them out and parses them
 * through its certificate cache; the signer splices their bytes in verbatim.
 *
 * Strict on purpose: anything but definite-length DER in the expected shape returns null and the
 * caller parses the whole structure with pkijs.
 */

import { derTlv } from './der';
import { childrenOf as children, readTlv, type Tlv } from './der-reader';

const SIGNED_DATA_OID = Buffer.from('06092a864886f70d010702', 'hex');

export interface SplitSignedData {
  /** The SignedData SEQUENCE without its certificates field, DER. */
  signedDataWithoutCertificates: Buffer;
  /** Each certificate (the plain X.509 choice) as it stands in the file. */
  certificates: Buffer[];
  /** How many entries of the certificates field were other choices (attribute certificates…). */
  otherEntries: number;
}

/** Splits a ContentInfo(SignedData); null when the bytes are not DER of that shape. */
export function splitSignedData(der: Buffer): SplitSignedData | null {
  const ci = readTlv(der, 0, der.length); // trailing bytes (the /Contents zero padding) are ignored
  if (!ci || ci.tag !== 0x30) return null;
  const ciFields = children(der, ci);
  if (!ciFields || ciFields.length !== 2) return null;
  const [oid, explicit] = ciFields;
  if (oid.tag !== 0x06 || !der.subarray(oid.start, oid.end).equals(SIGNED_DATA_OID) || explicit.tag !== 0xa0) return null;
  const inner = children(der, explicit);
  if (!inner || inner.length !== 1 || inner[0].tag !== 0x30) return null;
  const sd = inner[0];
  const fields = children(der, sd);
  if (!fields) return null;
  const certField = fields.find((f) => f.tag === 0xa0);
  const certificates: Buffer[] = [];
  let otherEntries = 0;
  if (certField) {
    const entries = children(der, certField);
    if (!entries) return null;
    for (const e of entries) {
      if (e.tag === 0x30) certificates.push(der.subarray(e.start, e.end));
      else otherEntries += 1;
    }
  }
  const kept = fields.filter((f) => f !== certField).map((f) => der.subarray(f.start, f.end));
  const body = Buffer.concat(kept);
  return { signedDataWithoutCertificates: derTlv(0x30, body), certificates, otherEntries };
}

/**
 * Puts `certificates` (DER, verbatim) into a ContentInfo(SignedData) encoded without any, as the
 * [0] IMPLICIT SET OF field before signerInfos (RFC 5652 §5.1). The caller gives them in the order
 * wanted; DER's SET OF ordering is not applied, as every CMS producer does for certificates.
 */
export function insertCertificates(contentInfo: Buffer, certificates: Buffer[]): Buffer {
  const ci = readTlv(contentInfo, 0, contentInfo.length);
  const ciFields = ci && ci.tag === 0x30 ? children(contentInfo, ci) : null;
  const inner = ciFields?.length === 2 && ciFields[1].tag === 0xa0 ? children(contentInfo, ciFields[1]) : null;
  const fields = inner?.length === 1 && inner[0].tag === 0x30 ? children(contentInfo, inner[0]) : null;
  if (!ciFields || !fields || fields.length < 4 || fields.some((f) => f.tag === 0xa0 || f.tag === 0xa1)) {
    throw new Error('insertCertificates: not a SignedData without certificates');
  }
  const bytes = (t: Tlv) => contentInfo.subarray(t.start, t.end);
  const last = fields[fields.length - 1]; // signerInfos
  const signedData = derTlv(0x30, Buffer.concat([...fields.slice(0, -1).map(bytes), derTlv(0xa0, Buffer.concat(certificates)), bytes(last)]));
  return derTlv(0x30, Buffer.concat([bytes(ciFields[0]), derTlv(0xa0, signedData)]));
}
