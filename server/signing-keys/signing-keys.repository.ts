import type { Knex } from 'knex';

export interface SigningKeyRow {
  id: string;
  owner_type: 'user' | 'organization';
  owner_id: string;
  certificate_pem: string;
  chain_pem: string[];
  subject: string;
  not_after: Date;
  sealed_key: string;
  failed_pins: number;
}

export const findSigningKey = (db: Knex, ownerType: SigningKeyRow['owner_type'], ownerId: string): Promise<SigningKeyRow | undefined> =>
  db<SigningKeyRow>('signing_keys').where({ owner_type: ownerType, owner_id: ownerId }).first();

export async function upsertSigningKey(db: Knex, row: Omit<SigningKeyRow, 'failed_pins'>): Promise<void> {
  await db('signing_keys')
    .insert({ ...row, failed_pins: 0 })
    .onConflict(['owner_type', 'owner_id'])
    .merge(['certificate_pem', 'chain_pem', 'subject', 'not_after', 'sealed_key', 'failed_pins']);
}

export async function setFailedPins(db: Knex, id: string, count: number): Promise<void> {
  await db('signing_keys').where({ id }).update({ failed_pins: count });
}

export interface TrustAnchorRow {
  id: string;
  fingerprint: string;
  subject: string;
  pem: string;
  created_at: Date;
}

export const listTrustAnchors = (db: Knex): Promise<TrustAnchorRow[]> => db<TrustAnchorRow>('trust_anchors').orderBy('created_at');

export async function insertTrustAnchor(db: Knex, row: Omit<TrustAnchorRow, 'created_at'> & { added_by: string | null }): Promise<boolean> {
  const inserted = await db('trust_anchors').insert(row).onConflict('fingerprint').ignore().returning('id');
  return inserted.length > 0;
}
