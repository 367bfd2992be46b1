import { createPrivateKey, sign as nodeSign, webcrypto, KeyObject } from 'crypto';
import { SignError } from './errors';
import { certificatesFromPem, keyAlgorithmOfCertificate } from './cms';
import { leafFirst, openP12Native } from './p12-native';

/** What a signer brings: a private key (PEM or WebCrypto) or nothing (two-phase), and certificates. */
export interface SignerMaterial {
  keyPem?: string;
  /** The same key already opened (a caller signing many times with one key skips the PEM parse). */
  keyObject?: KeyObject;
  key?: webcrypto.CryptoKey;
  certPem: string;
  /** Intermediate (and optionally root) certificates, PEM. */
  chainPem?: string[];
}

const badKey = (detail: string): SignError => new SignError('SIGN_BAD_KEY', 'Khoá ký hoặc chứng thư số không hợp lệ.', detail);

/** Converts an IEEE P1363 (r||s) ECDSA signature to the DER form CMS requires. */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  const int = (b: Buffer): Buffer => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    const body = v[0] & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v;
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const seq = Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]);
  return Buffer.concat([seq.length < 0x80 ? Buffer.from([0x30, seq.length]) : Buffer.from([0x30, 0x81, seq.length]), seq]);
}

/**
 * Accepts a signature value from a token or a remote service: RSA as is; ECDSA either DER or
 * raw r||s (what PKCS#11 and WebCrypto return).
 */
export function normalizeSignatureValue(value: Buffer, certDer: Buffer): Buffer {
  if (keyAlgorithmOfCertificate(certDer) !== 'ec') return value;
  if (value[0] === 0x30 && value[1] + 2 === value.length) return value;
  if (value.length % 2 === 0 && value.length >= 40 && value.length <= 132) return ecdsaRawToDer(value);
  throw new SignError('SIGN_BAD_SIGNATURE_VALUE', 'Giá trị chữ ký không hợp lệ.', `ECDSA signature of ${value.length} bytes`);
}

/** Signs `data` (the DER of the signed attributes) with SHA-256. */
export async function signWithMaterial(m: SignerMaterial, data: Buffer): Promise<Buffer> {
  const certDer = certificatesFromPem(m.certPem)[0];
  const alg = keyAlgorithmOfCertificate(certDer);
  if (m.keyObject || m.keyPem) {
    let key: KeyObject;
    try {
      key = m.keyObject ?? createPrivateKey(m.keyPem!);
    } catch (e) {
      throw badKey((e as Error).message);
    }
    if (key.type !== 'private') throw badKey('not a private key');
    if ((key.asymmetricKeyType === 'ec') !== (alg === 'ec')) throw badKey('key type does not match certificate');
    return nodeSign('sha256', data, key);
  }
  if (m.key) {
    const params = alg === 'ec' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
    const sig = Buffer.from(await webcrypto.subtle.sign(params, m.key, data));
    return alg === 'ec' ? ecdsaRawToDer(sig) : sig;
  }
  throw badKey('no private key');
}

/** PEM with 64-column lines and no blank line (a blank line before END breaks OpenSSL's reader). */
export const toPem = (der: Buffer): string => `-----BEGIN CERTIFICATE-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;

/** Opens a PKCS#12 file (RSA or EC key; PBES2/AES natively, legacy 3DES/RC2 through forge) into signer material. */
export function loadP12(buf: Buffer, password: string): SignerMaterial {
  const native = openP12Native(buf, password);
  if (native) {
    const [leaf, ...chain] = leafFirst(native);
    return { keyPem: native.key.export({ format: 'pem', type: 'pkcs8' }).toString(), certPem: toPem(leaf), chainPem: chain.map(toPem) };
  }
  // Legacy profiles (RC2 bags): forge, loaded only then — it costs tens of ms to load.
  return (require('./p12-forge') as typeof import('./p12-forge')).loadP12WithForge(buf, password);
}

