import * as pkijs from 'pkijs';
import { toArrayBuffer } from './der';

/**
 * A pkijs engine over Node's WebCrypto, passed explicitly to every pkijs call so that no
 * library module depends on pkijs' process-wide engine setting.
 */
export function nodeCryptoEngine(): pkijs.CryptoEngine {
  return new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: globalThis.crypto });
}

export type KeyType = 'rsa' | 'ec';

/** Imports a PKCS#8 PEM private key for SHA-256 signing (RSASSA-PKCS1-v1_5 or ECDSA P-256). */
export async function importSigningKey(pkcs8Der: Uint8Array, type: KeyType): Promise<CryptoKey> {
  const algorithm =
    type === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: 'P-256' };
  return globalThis.crypto.subtle.importKey('pkcs8', toArrayBuffer(pkcs8Der), algorithm, false, ['sign']);
}
