import type { Knex } from 'knex';

export interface IdempotencyRow {
  request_hash: string;
  status: number;
  response: unknown;
}

export const findIdempotencyKey = (db: Knex, userId: string, key: string): Promise<IdempotencyRow | undefined> =>
  db('idempotency_keys').where({ user_id: userId, key }).first();

export async function insertIdempotencyKey(trx: Knex.Transaction, row: { userId: string; key: string; requestHash: string; status: number; response: unknown }): Promise<void> {
  await trx('idempotency_keys').insert({ user_id: row.userId, key: row.key, request_hash: row.requestHash, status: row.status, response: JSON.stringify(row.response) });
}
