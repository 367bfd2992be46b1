import type { Knex } from 'knex';
import type { DocumentRow } from '../document-core/documents.repository';
import type { DeliveryStatus } from './delivery-codes';
import { jsonColumn } from '../db/json-column';
import { prepared } from '../db/prepared';

export interface DeliveryRow {
  id: string;
  document_id: string;
  sender_org_id: string;
  recipient_org_id: string;
  recipient_document_id: string | null;
  status: DeliveryStatus;
  reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export async function insertDelivery(db: Knex, row: Omit<DeliveryRow, 'created_at' | 'updated_at'>): Promise<DeliveryRow> {
  const [inserted] = await db<DeliveryRow>('deliveries').insert(row).returning('*');
  return inserted;
}

export const findDelivery = (db: Knex, id: string): Promise<DeliveryRow | undefined> => db<DeliveryRow>('deliveries').where({ id }).first();

export async function updateDeliveryStatus(db: Knex, id: string, status: DeliveryStatus, reason: string | null): Promise<DeliveryRow> {
  const [row] = await db<DeliveryRow>('deliveries').where({ id }).update({ status, reason, updated_at: new Date() }).returning('*');
  return row;
}

export async function insertDeliveryEvent(db: Knex, row: { delivery_id: string; status: DeliveryStatus; actor_id: string | null; reason: string | null }): Promise<void> {
  await db('delivery_events').insert(row);
}

export const listDeliveriesOf = (db: Knex, documentId: string) =>
  prepared(
    db('deliveries as d')
      .join('organizations as o', 'o.id', 'd.recipient_org_id')
      .where({ 'd.document_id': documentId })
      .orderBy('o.code')
      .select('d.*', 'o.code as org_code', 'o.name as org_name'),
  );

export const listDeliveryEvents = (db: Knex, deliveryIds: string[]) =>
  db('delivery_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .whereIn('e.delivery_id', deliveryIds)
    .orderBy('e.id')
    .select('e.delivery_id', 'e.status', 'e.reason', 'e.at', 'u.full_name as actor_name');

export const findDeliveryTo = (db: Knex, documentId: string, recipientOrgId: string): Promise<DeliveryRow | undefined> =>
  db<DeliveryRow>('deliveries').where({ document_id: documentId, recipient_org_id: recipientOrgId }).first();

/** One recipient's share of a fan-out: the ids its copy, the copy's first version and its delivery get. */
export interface CopyPlan {
  recipientOrgId: string;
  copyId: string;
  versionId: string;
  deliveryId: string;
}

export interface CopyContent {
  senderDocumentId: string;
  senderOrgId: string;
  issuerName: string;
  issuerCode: string | null;
  fileKey: string;
  fileName: string;
  fileSize: number;
  verification: unknown;
  versionNote: string;
  actorId: string | null;
  status: DeliveryStatus;
}

/** A copy the fan-out wrote: its recipient (code and name for the messages) and that agency's clerks. */
export interface DeliveredCopy extends CopyPlan {
  code: string;
  name: string;
  clerkIds: string[];
}

/**
 * Until this transaction ends, the file's text cannot arrive (its refresh waits, migration 023): a fan-out takes this in
 * a statement before `insertDeliveredCopies`, whose copies take the file's text as that statement sees it. A
 * transaction that stored the file itself already holds the same lock, exclusively.
 */
export async function holdFileText(trx: Knex.Transaction, fileKey: string): Promise<void> {
  await prepared(trx.raw('SELECT pg_advisory_xact_lock_shared(vanban_blob_lock_id(?))', [fileKey]));
}

/**
 * The whole fan-out in one statement: for every planned recipient the document has not yet been
 * delivered to, a copy (an incoming document in its waiting list, referencing the one stored
 * file), its version 1, the delivery and the first entry of the sender's per-recipient timeline.
 * The copy takes the sender document's metadata in SQL, so nothing per copy crosses the wire but
 * its ids. Recipients already served are left out here, in the statement that writes (the caller
 * holds the sender document's lock, so none can appear meanwhile): a retried batch adds nothing.
 * The caller holds the file's text back (`holdFileText`) so the copies' searchable text is complete.
 * Returns the copies written, by recipient code, with each recipient's clerks.
 */
export async function insertDeliveredCopies(trx: Knex.Transaction, content: CopyContent, plans: readonly CopyPlan[]): Promise<DeliveredCopy[]> {
  if (plans.length === 0) return [];
  const plan = JSON.stringify(plans.map((p) => ({ org_id: p.recipientOrgId, copy_id: p.copyId, version_id: p.versionId, delivery_id: p.deliveryId })));
  const result = await prepared(trx.raw(
    `WITH plan AS (
        SELECT * FROM jsonb_to_recordset(:plan::jsonb) AS p(org_id uuid, copy_id uuid, version_id uuid, delivery_id uuid)
      ), todo AS (
        SELECT p.* FROM plan p
         WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.document_id = :senderDocumentId AND d.recipient_org_id = p.org_id)
      ), src AS (
        SELECT d.*, vanban_document_tsv(NULL, d.symbol, d.subject, :issuerName, '{}', NULL, :fileKey, NULL) AS copy_tsv
          FROM documents d WHERE d.id = :senderDocumentId
      ), copies AS (
        INSERT INTO documents (id, organization_id, direction, status, source, doc_type, subject, urgency, secrecy, pages,
                               issuer_name, issuer_code, symbol, issued_date, file_key, file_name, current_version,
                               source_delivery_id, forwarded_from_document_id, verification, search_tsv)
        SELECT p.copy_id, p.org_id, 'incoming', 'pending', 'electronic', s.doc_type, s.subject, s.urgency, s.secrecy, s.pages,
               :issuerName, :issuerCode, s.symbol, s.issued_date, :fileKey, :fileName, 1,
               p.delivery_id, CASE WHEN s.direction = 'incoming' THEN s.id END, :verification::jsonb, s.copy_tsv
          FROM todo p CROSS JOIN src s
        RETURNING id
      ), versions AS (
        INSERT INTO document_versions (id, document_id, version, file_key, file_name, size, kind, note, created_by)
        SELECT p.version_id, p.copy_id, 1, :fileKey, :fileName, :fileSize, 'upload', :versionNote, NULL FROM todo p
      ), delivered AS (
        INSERT INTO deliveries (id, document_id, sender_org_id, recipient_org_id, recipient_document_id, status, reason)
        SELECT p.delivery_id, :senderDocumentId, :senderOrgId, p.org_id, p.copy_id, :status, NULL FROM todo p
        RETURNING id
      ), timeline AS (
        INSERT INTO delivery_events (delivery_id, status, actor_id, reason)
        SELECT p.delivery_id, :status, :actorId::uuid, NULL FROM todo p
      )
      SELECT t.org_id, t.copy_id, t.version_id, t.delivery_id, o.code, o.name,
             (SELECT coalesce(json_agg(u.id ORDER BY u.id), '[]'::json) FROM users u WHERE u.organization_id = t.org_id AND 'clerk' = ANY(u.roles)) AS clerk_ids,
             (SELECT count(*) FROM copies) AS copies, (SELECT count(*) FROM delivered) AS deliveries
        FROM todo t JOIN organizations o ON o.id = t.org_id
       ORDER BY o.code`,
    {
      plan,
      senderDocumentId: content.senderDocumentId,
      senderOrgId: content.senderOrgId,
      issuerName: content.issuerName,
      issuerCode: content.issuerCode,
      fileKey: content.fileKey,
      fileName: content.fileName,
      fileSize: content.fileSize,
      verification: JSON.stringify(content.verification ?? null),
      versionNote: content.versionNote,
      actorId: content.actorId,
      status: content.status,
    },
  ));
  const rows = result.rows as { org_id: string; copy_id: string; version_id: string; delivery_id: string; code: string; name: string; clerk_ids: string[] | string; copies: string; deliveries: string }[];
  if (rows.length > 0 && (Number(rows[0].copies) !== rows.length || Number(rows[0].deliveries) !== rows.length)) {
    throw new Error(`fan-out wrote ${rows[0].copies} copies and ${rows[0].deliveries} deliveries for ${rows.length} recipients`);
  }
  return rows.map((r) => ({
    recipientOrgId: r.org_id,
    copyId: r.copy_id,
    versionId: r.version_id,
    deliveryId: r.delivery_id,
    code: r.code,
    name: r.name,
    clerkIds: jsonColumn(r.clerk_ids),
  }));
}

/**
 * A delivery batch's sender document, locked, with what the fan-out needs of its agency and the
 * size of its file (from the version row; null when none records it) — one round trip, which also
 * marks the batch's job done: that commits with the copies or not at all — and holds the file's
 * text back until the copies commit (`holdFileText`).
 */
export async function lockDocumentForDelivery(
  trx: Knex.Transaction,
  documentId: string,
  jobId: string,
): Promise<{ doc: DocumentRow; senderOrg: { id: string; code: string; name: string }; fileSize: number | null } | undefined> {
  const result = await prepared(trx.raw(
    `WITH job_done AS (UPDATE jobs SET done_at = now(), locked_until = NULL, last_error = NULL WHERE id = ?)
     SELECT d.*, o.code AS "sender_org__code", o.name AS "sender_org__name",
            (SELECT v.size FROM document_versions v WHERE v.document_id = d.id AND v.file_key = d.file_key ORDER BY v.version DESC LIMIT 1) AS "sender_file__size",
            pg_advisory_xact_lock_shared(vanban_blob_lock_id(d.file_key)) IS NULL AS "file_text_held"
       FROM documents d JOIN organizations o ON o.id = d.organization_id
      WHERE d.id = ? FOR UPDATE OF d`,
    [jobId, documentId],
  ));
  const row = result.rows[0] as (DocumentRow & { sender_org__code: string; sender_org__name: string; sender_file__size: string | number | null; file_text_held: boolean }) | undefined;
  if (!row) return undefined;
  const { sender_org__code: code, sender_org__name: name, sender_file__size: size, file_text_held: _held, ...doc } = row;
  return { doc: doc as DocumentRow, senderOrg: { id: doc.organization_id, code, name }, fileSize: size === null ? null : Number(size) };
}

