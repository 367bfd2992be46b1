import { createHash, createPublicKey, KeyObject, verify as nodeVerify, constants } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { unsupportedAlgorithm } from './errors';

/** Digest OIDs accepted in CMS (SHA-1 only because older Vietnamese certificates still use it). */
const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.4': 'sha224',
};

/** Signature OIDs that fix their own digest. */
const SIGNATURES: Record<string, { hash: string; kind: 'rsa' | 'ecdsa' }> = {
  '1.2.840.113549.1.1.5': { hash: 'sha1', kind: 'rsa' },
  '1.2.840.113549.1.1.11': { hash: 'sha256', kind: 'rsa' },
  '1.2.840.113549.1.1.12': { hash: 'sha384', kind: 'rsa' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', kind: 'rsa' },
  '1.2.840.113549.1.1.14': { hash: 'sha224', kind: 'rsa' },
  '1.2.840.10045.4.1': { hash: 'sha1', kind: 'ecdsa' },
  '1.2.840.10045.4.3.2': { hash: 'sha256', kind: 'ecdsa' },
  '1.2.840.10045.4.3.3': { hash: 'sha384', kind: 'ecdsa' },
  '1.2.840.10045.4.3.4': { hash: 'sha512', kind: 'ecdsa' },
};
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const RSA_PSS = '1.2.840.113549.1.1.10';

export function digestName(oid: string): string {
  const h = DIGESTS[oid];
  if (!h) throw unsupportedAlgorithm(`digest ${oid}`);
  return h;
}

export function digest(oid: string, data: Buffer): Buffer {
  return createHash(digestName(oid)).update(data).digest();
}

const publicKeys = new WeakMap<pkijs.Certificate, KeyObject>();

/** The certificate's public key; remembered per parsed certificate (parses are shared, see ParseCache). */
export function publicKeyOf(cert: pkijs.Certificate): KeyObject {
  let key = publicKeys.get(cert);
  if (!key) {
    const spki = Buffer.from(cert.subjectPublicKeyInfo.toSchema().toBER(false));
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    publicKeys.set(cert, key);
  }
  return key;
}

/** A signature algorithm as AlgorithmIdentifier carries it: the OID and its parameters, DER. */
export interface SignatureAlgorithm {
  oid: string;
  parametersDer?: Buffer;
}

/** The plain form of a pkijs AlgorithmIdentifier (OCSP responses, CRLs, the pkijs CMS path). */
export function algorithmOf(a: pkijs.AlgorithmIdentifier): SignatureAlgorithm {
  // pkijs leaves `algorithmParams` unset (or an empty Any) when the field is absent.
  const p = a.algorithmParams as asn1js.AsnType | undefined;
  return p && !(p instanceof asn1js.Any) ? { oid: a.algorithmId, parametersDer: Buffer.from(p.toBER(false)) } : { oid: a.algorithmId };
}

/**
 * Verifies `signature` over `data`. `digestOid` is the CMS digestAlgorithm, used when the
 * signature OID is a bare key algorithm (rsaEncryption, ecPublicKey) as many signers write it.
 */
export function verifyRaw(
  sigAlg: SignatureAlgorithm,
  digestOid: string | undefined,
  data: Buffer,
  signature: Buffer,
  key: KeyObject,
): boolean {
  const oid = sigAlg.oid;
  const fixed = SIGNATURES[oid];
  if (fixed) return nodeVerify(fixed.hash, data, key, signature);
  if (oid === RSA_ENCRYPTION || oid === EC_PUBLIC_KEY) {
    if (!digestOid) throw unsupportedAlgorithm(`${oid} without digest`);
    return nodeVerify(digestName(digestOid), data, key, signature);
  }
  if (oid === RSA_PSS) {
    // Absent parameters mean pkijs' defaults (SHA-1, salt 20), as RFC 4055 says.
    const params = new pkijs.RSASSAPSSParams(sigAlg.parametersDer ? { schema: parseBer(sigAlg.parametersDer) } : {});
    const hash = digestName(params.hashAlgorithm.algorithmId);
    return nodeVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, signature);
  }
  throw unsupportedAlgorithm(`signature ${oid}`);
}

/** Parses BER (indefinite lengths allowed); trailing bytes (the /Contents zero padding) are ignored. */
export function parseBer(data: Buffer | ArrayBuffer): asn1js.AsnType {
  const ab = data instanceof ArrayBuffer ? data : toArrayBuffer(data);
  const res = asn1js.fromBER(ab);
  if (res.offset === -1) throw new Error(res.result.error || 'BER decoding failed');
  return res.result;
}

export function toArrayBuffer(b: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(b.byteLength);
  new Uint8Array(out).set(b);
  return out;
}
