import type { Knex } from 'knex';

/** Serialises everything that may delete or claim one blob (52 bits of its hex key as the lock id). */
export async function lockBlobKey(trx: Knex.Transaction, key: string): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [parseInt(key.slice(0, 13), 16)]);
}

export async function insertLease(trx: Knex.Transaction, key: string, holder: string, expiresAt: Date): Promise<void> {
  await trx('blob_leases').insert({ blob_key: key, holder, expires_at: expiresAt });
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
