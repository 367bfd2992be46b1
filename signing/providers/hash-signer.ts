import { createPrivateKey, privateEncrypt, constants, type KeyObject } from 'crypto';
import { coded, SignError } from '../sign/errors';

// DER prefix of DigestInfo { sha256, NULL } (RFC 8017 §9.2, note 1).
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * Signs a SHA-256 hash the way a token (PKCS#11 CKM_RSA_PKCS) or a remote signing service does:
 * PKCS#1 v1.5 over DigestInfo(hash). The result equals an RSA "SHA256withRSA" signature of the data.
 */
export function signHash(key: KeyObject | string, hash: Buffer): Buffer {
  if (hash.length !== 32) throw new SignError('SIGN_BAD_INPUT', 'Giá trị băm phải là SHA-256 (32 byte).', `${hash.length} bytes`);
  const keyObject = typeof key === 'string' ? createPrivateKey(key) : key;
  if (keyObject.asymmetricKeyType !== 'rsa') throw new SignError('SIGN_BAD_KEY', 'Chỉ hỗ trợ khoá RSA.', String(keyObject.asymmetricKeyType));
  try {
    return privateEncrypt({ key: keyObject, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, hash]));
  } catch (e) {
    throw coded(e);
  }
}
