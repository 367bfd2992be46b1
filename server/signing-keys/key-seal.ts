import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb } from 'node:crypto';
import { AppError } from '../shared/errors';

const scrypt = (secret: string | Buffer, salt: Buffer, logN: number): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCb(secret, salt, 32, { N: 2 ** logN, r: 8, p: 1, maxmem: 256 * 2 ** logN * 8 }, (err, key) => (err ? reject(err) : resolve(key))));

interface Sealed {
  v: 1;
  logN: number;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

/** AES-256-GCM under a key stretched from a PIN or the server secret: a wrong secret fails authentication. */
export async function sealSecret(plaintext: Buffer, secret: string | Buffer, logN: number): Promise<string> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await scrypt(secret, salt, logN);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const sealed: Sealed = { v: 1, logN, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  return JSON.stringify(sealed);
}

export async function openSecret(sealedText: string, secret: string | Buffer): Promise<Buffer> {
  const sealed = JSON.parse(sealedText) as Sealed;
  const key = await scrypt(secret, Buffer.from(sealed.salt, 'base64'), sealed.logN);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  } catch {
    throw new AppError('WRONG_PIN', 'Mã PIN không đúng');
  }
}
