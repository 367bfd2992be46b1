import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { CaError } from './errors';

/** RFC 5280 §5.3.1 reason codes the demo CA lets callers choose. */
export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold';

export const REASON_CODE: Record<RevocationReason, number> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
};

export type IssuerName = 'root' | 'sub';

export interface IssuedRecord {
  serialHex: string;
  issuer: IssuerName;
  /** What the certificate is for; CA-internal ones are 'ca', 'tsa', 'ocsp'. */
  kind?: 'personal' | 'seal' | 'ca' | 'tsa' | 'ocsp';
  subject: string;
  notAfter: string;
}

export interface RevokedRecord {
  serialHex: string;
  issuer: IssuerName;
  revokedAt: string;
  reason: RevocationReason;
}

export interface CaState {
  version: 1;
  baseUrl: string;
  /** Random per CA instance: two demo CAs with the same names never share (issuer, serial). */
  serialPrefixHex: string;
  nextSerial: number;
  crlNumber: Record<IssuerName, number>;
  issued: IssuedRecord[];
  revoked: RevokedRecord[];
}

export const STATE_FILE = 'state.json';

export function newState(baseUrl: string): CaState {
  return {
    version: 1,
    baseUrl,
    // 0x40 set, 0x80 clear: positive, never padded, always 16 bytes with the counter.
    serialPrefixHex: ((randomBytes(1)[0] & 0x3f) | 0x40).toString(16) + randomBytes(7).toString('hex'),
    nextSerial: 1,
    crlNumber: { root: 0, sub: 0 },
    issued: [],
    revoked: [],
  };
}

/** Takes the next serial synchronously, so concurrent issuers in one process never collide. */
export function allocateSerial(state: CaState): Buffer {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(state.nextSerial++));
  return Buffer.concat([Buffer.from(state.serialPrefixHex, 'hex'), counter]);
}

export async function readState(dir: string): Promise<CaState> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, STATE_FILE), 'utf8');
  } catch (e) {
    throw new CaError('CA_NOT_FOUND', `${dir}: ${(e as Error).message}`);
  }
  try {
    const state = JSON.parse(text) as CaState;
    if (state.version !== 1 || typeof state.nextSerial !== 'number' || !Array.isArray(state.revoked)) {
      throw new Error('unexpected state shape');
    }
    return state;
  } catch (e) {
    throw new CaError('CA_CORRUPT', `${STATE_FILE}: ${(e as Error).message}`);
  }
}

/**
 * Returns a function that persists the live state object. Writes are chained and each one
 * serialises the state when it runs, so the file always ends with the newest state; the
 * temp-file + rename keeps a crash from leaving half a JSON document.
 */
export function statePersister(dir: string, state: CaState): () => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  let n = 0;
  return () => {
    const run = async () => {
      const tmp = path.join(dir, `${STATE_FILE}.${process.pid}.${n++}.tmp`);
      await fs.writeFile(tmp, JSON.stringify(state, null, 2));
      await fs.rename(tmp, path.join(dir, STATE_FILE));
    };
    queue = queue.then(run, run);
    return queue;
  };
}
