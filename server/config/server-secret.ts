import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The secret that seals agencies' private keys at rest. Production sets VANBAN_SECRET_KEY (shared by
 * every instance); the embedded default keeps one in the data folder, created at first start.
 */
export function loadServerSecret(fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv) {
    const secret = Buffer.from(fromEnv, /^[0-9a-f]+$/i.test(fromEnv) ? 'hex' : 'base64');
    if (secret.length < 32) throw new Error('VANBAN_SECRET_KEY cần ít nhất 32 byte (64 ký tự hex hoặc base64)');
    return secret;
  }
  const file = path.join(dataDir, 'secret.key');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
}
