import type { Knex } from 'knex';
import { prepared } from '../db/prepared';

/** Serialises everything that may delete or claim one blob (52 bits of its hex key as the lock id). */
export async function lockBlobKey(trx: Knex.Transaction, key: string): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [parseInt(key.slice(0, 13), 16)]);
}

/** `lockBlobKey` and `insertLease` in one statement (the lock is taken before the row is written). */
export async function lockAndLease(trx: Knex.Transaction, key: string, holder: string, expiresAt: Date): Promise<void> {
  await prepared(trx.raw(
    `WITH locked AS MATERIALIZED (SELECT pg_advisory_xact_lock(?::bigint) AS locked)
     INSERT INTO blob_leases (blob_key, holder, expires_at) SELECT ?, ?, ?::timestamptz FROM locked`,
    [parseInt(key.slice(0, 13), 16), key, holder, expiresAt.toISOString()],
  ));
}

export async function releaseLeases(trx: Knex.Transaction, key: string, holder: string): Promise<void> {
  await trx('blob_leases').where({ blob_key: key, holder }).delete();
}

export async function hasLiveLease(trx: Knex.Transaction, key: string, now: Date): Promise<boolean> {
  return (await trx('blob_leases').where({ blob_key: key }).andWhere('expires_at', '>', now).first('id')) !== undefined;
}

export async function deleteExpiredLeases(db: Knex, now: Date): Promise<number> {
  return db('blob_leases').where('expires_at', '<=', now).delete();
}
