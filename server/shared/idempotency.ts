import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { AppError } from './errors';
import { findIdempotencyKey, insertIdempotencyKey } from './idempotency.repository';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type Remember = (trx: Knex.Transaction, response: StoredResponse) => Promise<void>;

export const hashRequest = (...parts: unknown[]): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

const isUniqueViolation = (err: unknown): boolean => (err as { code?: string })?.code === '23505';

async function lookup(db: Knex, userId: string, key: string, requestHash: string): Promise<StoredResponse | null> {
  const row = await findIdempotencyKey(db, userId, key);
  if (!row) return null;
  if (row.request_hash !== requestHash) {
    throw new AppError('IDEMPOTENCY_CONFLICT', 'Idempotency-Key này đã được dùng cho một yêu cầu khác');
  }
  return { status: row.status, body: row.response };
}

/**
 * Runs `work` at most once per (user, Idempotency-Key). The key row is written in the work's own
 * transaction, so a retry either sees the committed response or races and loses on the primary key
 * — its transaction, including any number it took, rolls back.
 */
export async function idempotent(
  db: Knex,
  userId: string,
  key: string | undefined,
  requestHash: string,
  work: (remember: Remember) => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (!key) return work(async () => undefined);
  if (key.length > 200) throw new AppError('VALIDATION_FAILED', 'Idempotency-Key quá dài (tối đa 200 ký tự)');
  const previous = await lookup(db, userId, key, requestHash);
  if (previous) return previous;
  const remember: Remember = async (trx, response) => {
    await insertIdempotencyKey(trx, { userId, key, requestHash, status: response.status, response: response.body });
  };
  try {
    return await work(remember);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const stored = await lookup(db, userId, key, requestHash);
    if (!stored) throw err;
    return stored;
  }
}
