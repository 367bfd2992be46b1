import { generateKeyPairSync } from 'crypto';
import type { KeyType } from '../crypto/webcrypto';

export interface KeyPairPem {
  type: KeyType;
  /** PKCS#8, unencrypted: acceptable only because this is a DEMO CA. */
  privateKeyPem: string;
  /** SubjectPublicKeyInfo DER. */
  publicKeySpki: Buffer;
}

/** Where a CA takes new key pairs from; tests hand in a pool of pre-made ones (RSA keygen is ~0.1–0.5 s). */
export type KeySource = (type: KeyType) => KeyPairPem;

/** Node's native generator: forge's pure-JS RSA keygen takes seconds on the shared 2-core box. */
export function generateKeyPair(type: KeyType): KeyPairPem {
  const publicKeyEncoding = { type: 'spki', format: 'der' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  const pair =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding })
      : generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding, privateKeyEncoding });
  return { type, privateKeyPem: pair.privateKey, publicKeySpki: pair.publicKey };
}
