import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt as scryptCb } from 'node:crypto';
import { AppError } from '../shared/errors';

const scrypt = (secret: string | Buffer, salt: Buffer, logN: number): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCb(secret, salt, 32, { N: 2 ** logN, r: 8, p: 1, maxmem: 256 * 2 ** logN * 8 }, (err, key) => (err ? reject(err) : resolve(key))));

interface Sealed {
  /** 1: key from the secret alone; 2: key from the secret and the server's pepper. */
  v: 1 | 2;
  logN: number;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

/**
 * A PIN is a few digits: stretched alone, a database dump could be brute-forced offline. Version 2
 * mixes in a pepper derived from the server secret (kept outside the database), so a dump without
 * that secret gives nothing to try PINs against.
 */
const pepperedKey = (stretched: Buffer, pepper: Buffer): Buffer => createHmac('sha256', createHmac('sha256', pepper).update('vanban/key-seal/v2').digest()).update(stretched).digest();

/** AES-256-GCM under a key stretched from a PIN or the server secret (and the pepper): a wrong secret fails authentication. */
export async function sealSecret(plaintext: Buffer, secret: string | Buffer, logN: number, pepper?: Buffer): Promise<string> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const stretched = await scrypt(secret, salt, logN);
  const key = pepper ? pepperedKey(stretched, pepper) : stretched;
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const sealed: Sealed = { v: pepper ? 2 : 1, logN, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  return JSON.stringify(sealed);
}

/** True for a key sealed before the pepper existed: the next successful unlock re-seals it. */
export const sealedWithoutPepper = (sealedText: string): boolean => (JSON.parse(sealedText) as Sealed).v === 1;

export async function openSecret(sealedText: string, secret: string | Buffer, pepper?: Buffer): Promise<Buffer> {
  const sealed = JSON.parse(sealedText) as Sealed;
  if (sealed.v === 2 && !pepper) throw new Error('sealed key needs the server secret');
  const stretched = await scrypt(secret, Buffer.from(sealed.salt, 'base64'), sealed.logN);
  const key = sealed.v === 2 ? pepperedKey(stretched, pepper!) : stretched;
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  } catch {
    throw new AppError('WRONG_PIN', 'Mã PIN không đúng');
  }
}
