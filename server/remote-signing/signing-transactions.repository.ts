import type { Knex } from 'knex';

export type TxStatus = 'pending' | 'completing' | 'done' | 'failed' | 'cancelled' | 'expired';

export interface SigningTransactionRow {
  id: string;
  document_id: string;
  user_id: string;
  method: 'remote' | 'token';
  provider: string | null;
  signing_session_id: string | null;
  provider_tx_id: string | null;
  status: TxStatus;
  error: string | null;
  expires_at: Date;
  created_at: Date;
  finished_at: Date | null;
}

export async function insertTransaction(db: Knex, row: Omit<SigningTransactionRow, 'created_at' | 'finished_at' | 'error'>): Promise<SigningTransactionRow> {
  const [inserted] = await db<SigningTransactionRow>('signing_transactions').insert(row).returning('*');
  return inserted;
}

export const findTransaction = (db: Knex, id: string): Promise<SigningTransactionRow | undefined> =>
  db<SigningTransactionRow>('signing_transactions').where({ id }).first();

/** Moves a transaction from one status to another only if it is still in the first: the claim that keeps two pollers apart. */
export async function transition(db: Knex, id: string, from: TxStatus[], to: TxStatus, error: string | null = null): Promise<boolean> {
  const finished = to === 'pending' || to === 'completing' ? null : new Date();
  return (await db('signing_transactions').where({ id }).whereIn('status', from).update({ status: to, error, finished_at: finished })) > 0;
}

export const pendingRemote = (db: Knex, limit = 50): Promise<SigningTransactionRow[]> =>
  db<SigningTransactionRow>('signing_transactions').where({ status: 'pending', method: 'remote' }).orderBy('created_at').limit(limit);

export function listForUser(db: Knex, userId: string, status: string | undefined, limit: number, offset: number) {
  const base = db('signing_transactions as t').join('documents as d', 'd.id', 't.document_id').where('t.user_id', userId);
  if (status) base.andWhere('t.status', status === 'pending' ? 'pending' : status);
  return {
    rows: (): Promise<(SigningTransactionRow & { subject: string; doc_type: string })[]> =>
      base.clone().select('t.*', 'd.subject', 'd.doc_type').orderBy('t.created_at', 'desc').limit(limit).offset(offset),
    count: async () => Number((await base.clone().count<{ count: string }[]>({ count: '*' }))[0].count),
  };
}

export const remoteSigningIdOf = async (db: Knex, userId: string): Promise<string | null> =>
  ((await db('users').where({ id: userId }).first('remote_signing_id')) as { remote_signing_id: string | null } | undefined)?.remote_signing_id ?? null;

export async function setRemoteSigningId(db: Knex, userId: string, value: string | null): Promise<void> {
  await db('users').where({ id: userId }).update({ remote_signing_id: value });
}
