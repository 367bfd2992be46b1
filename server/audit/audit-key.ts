import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';

/** The audit chain's own key, derived from the server secret (never the secret itself). */
export const deriveAuditKey = (serverSecret: Buffer): Buffer => createHmac('sha256', serverSecret).update('vanban/audit-chain/v1').digest();

/** Authenticates one point of the chain: the event id and the chain hash up to and including it. */
export const chainMac = (key: Buffer, eventId: string, hash: string): string => createHmac('sha256', key).update(`${eventId}:${hash}`).digest('hex');

// Keyed by the database handle's config object, which its transactions share: every append through
// this handle — by any domain, inside any transaction — keys the head, without threading the key
// through each caller.
const keys = new WeakMap<object, Buffer>();

export function bindAuditKey(db: Knex, key: Buffer): void {
  keys.set(db.client.config, key);
}

export const auditKeyOf = (db: Knex): Buffer | undefined => keys.get(db.client.config);
