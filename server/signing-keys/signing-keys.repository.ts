import type { Knex } from 'knex';
import { jsonColumn } from '../db/json-column';
import { prepared } from '../db/prepared';

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

/** Compare-and-set: a key re-imported meanwhile is left as it is. */
export async function replaceSealedKey(db: Knex, id: string, previous: string, sealed: string): Promise<boolean> {
  return (await db('signing_keys').where({ id, sealed_key: previous }).update({ sealed_key: sealed, failed_pins: 0 })) === 1;
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

/** What sealing needs of an agency's key row. */
export type SealKeyRow = Pick<SigningKeyRow, 'sealed_key' | 'certificate_pem' | 'chain_pem'>;

/** An organisation's key row (if any) and the trust anchors' PEMs, in one round trip (issuing needs both). */
export async function findSealKeyAndTrustAnchors(db: Knex, organizationId: string): Promise<{ key: SealKeyRow | undefined; anchors: string[] }> {
  const result = await prepared(db.raw(
    `SELECT (SELECT jsonb_build_object('sealed_key', k.sealed_key, 'certificate_pem', k.certificate_pem, 'chain_pem', k.chain_pem)
               FROM signing_keys k WHERE k.owner_type = 'organization' AND k.owner_id = ? LIMIT 1) AS key,
            (SELECT coalesce(jsonb_agg(t.pem ORDER BY t.created_at), '[]'::jsonb) FROM trust_anchors t) AS anchors`,
    [organizationId],
  ));
  const row = result.rows[0] as { key: SealKeyRow | string | null; anchors: string[] | string };
  return { key: row.key === null ? undefined : jsonColumn(row.key), anchors: jsonColumn(row.anchors) };
}

export async function insertTrustAnchor(db: Knex, row: Omit<TrustAnchorRow, 'created_at'> & { added_by: string | null }): Promise<boolean> {
  const inserted = await db('trust_anchors').insert(row).onConflict('fingerprint').ignore().returning('id');
  return inserted.length > 0;
}

export interface SigningSessionRow {
  id: string;
  document_id: string;
  user_id: string;
  prepared_key: string;
  state: unknown;
  expires_at: Date;
}

export async function insertSigningSession(db: Knex, row: Omit<SigningSessionRow, 'state'> & { state: unknown }): Promise<void> {
  await db('signing_sessions').insert({ ...row, state: JSON.stringify(row.state) });
}

export const findSigningSession = (db: Knex, id: string, documentId: string, userId: string): Promise<SigningSessionRow | undefined> =>
  db<SigningSessionRow>('signing_sessions').where({ id, document_id: documentId, user_id: userId }).first();

export async function deleteSigningSession(db: Knex, id: string): Promise<void> {
  await db('signing_sessions').where({ id }).delete();
}

/** Certificates registered for a person's token or remote-signing service (no key on the server). */
export async function registeredCertificateFingerprints(db: Knex, userId: string): Promise<string[]> {
  return db('registered_certificates').where({ user_id: userId }).pluck('fingerprint');
}

export async function insertRegisteredCertificate(
  trx: Knex.Transaction,
  row: { id: string; user_id: string; fingerprint: string; certificate_pem: string; subject: string; not_after: Date; added_by: string },
): Promise<void> {
  await trx('registered_certificates').insert(row).onConflict(['user_id', 'fingerprint']).ignore();
}
