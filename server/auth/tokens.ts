import { createHash, randomBytes } from 'node:crypto';

export const newToken = (): string => randomBytes(32).toString('base64url');

/** Only the hash is stored: a database leak does not hand out live sessions. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
