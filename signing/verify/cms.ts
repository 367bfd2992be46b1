import { constants, KeyObject, publicDecrypt } from 'crypto';
import * as asn1js from 'asn1js';
import { digest, parseBer, publicKeyOf, verifyRaw } from './algorithms';
import { certFromDer } from './certificates';
import { ParsedCms } from './cms-fields';
import { parsedFromDer } from './cms-fast';
import { octets, parseWithPkijs } from './cms-pkijs';
import { cmsMalformed, unsupportedAlgorithm } from './errors';
import { readSignedData } from '../crypto/cms-der';
import { splitSignedData } from '../crypto/signed-data-der';
import { ParseCache } from './parse-cache';

export { OID } from './cms-fields';
export type { ParsedCms, SignerId } from './cms-fields';

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

/**
 * The common shape (strict DER, one signer) is read directly from the bytes (crypto/cms-der.ts,
 * cms-fast.ts); anything else goes through asn1js/pkijs as before (cms-pkijs.ts).
 */
function parseUnchecked(der: Buffer): ParsedCms {
  const split = splitSignedData(der);
  const fast = split ? readSignedData(split.signedDataWithoutCertificates) : null;
  return (fast && split && parsedFromDer(fast, split.certificates.map(certFromDer))) || parseWithPkijs(der, split);
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
  const sig = p.signatureValue;
  const key = publicKeyOf(p.signerCert.pkijs);
  if (!p.signedAttributesDer) {
    // Old adbe.pkcs7 signers sign the content digest directly; we only hold the digest (the
    // ranges were streamed), which RSA PKCS#1 v1.5 lets us check by recovering the DigestInfo.
    return checkDigestInfo(key, sig, contentDigest);
  }
  const digestOk = !!p.messageDigest && p.messageDigest.equals(contentDigest);
  const ctOk = p.contentTypeAttribute !== undefined && p.contentTypeAttribute === p.eContentType;
  let signatureOk = false;
  try {
    signatureOk = verifyRaw(p.signatureAlgorithm, p.digestOid, p.signedAttributesDer, sig, key);
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
