import { createPrivateKey, sign } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './oids';

/**
 * Signature AlgorithmIdentifier for a SHA-256 signature with the given key. RSA carries an
 * explicit NULL (RFC 4055 §5 "MUST be NULL"), which pkijs' WebCrypto path leaves out;
 * ECDSA carries no parameters (RFC 5758 §3.2).
 */
export function sha256SignatureAlgorithm(keyPem: string): pkijs.AlgorithmIdentifier {
  const type = createPrivateKey(keyPem).asymmetricKeyType;
  return type === 'ec'
    ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSHA256 })
    : new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() });
}

/** SHA-256 signature over DER bytes (RSA PKCS#1 v1.5, or ECDSA in DER form as X.509 wants). */
export function signSha256(keyPem: string, data: Uint8Array): Buffer {
  return sign('sha256', data, keyPem);
}
