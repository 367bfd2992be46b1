import type { Knex } from 'knex';
import type { DeliveryStatus } from './delivery-codes';

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
  db('deliveries as d')
    .join('organizations as o', 'o.id', 'd.recipient_org_id')
    .where({ 'd.document_id': documentId })
    .orderBy('o.code')
    .select('d.*', 'o.code as org_code', 'o.name as org_name');

export const listDeliveryEvents = (db: Knex, deliveryIds: string[]) =>
  db('delivery_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .whereIn('e.delivery_id', deliveryIds)
    .orderBy('e.id')
    .select('e.delivery_id', 'e.status', 'e.reason', 'e.at', 'u.full_name as actor_name');

export const findDeliveryTo = (db: Knex, documentId: string, recipientOrgId: string): Promise<DeliveryRow | undefined> =>
  db<DeliveryRow>('deliveries').where({ document_id: documentId, recipient_org_id: recipientOrgId }).first();

/** Of these organisations, the ones the document has not been delivered to yet, by code. */
export async function undeliveredRecipients(db: Knex, documentId: string, organizationIds: readonly string[]): Promise<{ id: string; code: string; name: string }[]> {
  if (organizationIds.length === 0) return [];
  const result = await db.raw(
    `SELECT o.id, o.code, o.name FROM organizations o
      WHERE o.id IN (SELECT value::uuid FROM jsonb_array_elements_text(?::jsonb))
        AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.document_id = ? AND d.recipient_org_id = o.id)
      ORDER BY o.code`,
    [JSON.stringify(organizationIds), documentId],
  );
  return result.rows;
}

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

/**
 * The whole fan-out in one statement: for every planned recipient a copy (an incoming document in
 * its waiting list, referencing the one stored file), its version 1, the delivery and the first
 * entry of the sender's per-recipient timeline. The copy takes the sender document's metadata in
 * SQL, so nothing per copy crosses the wire but its ids.
 */
export async function insertDeliveredCopies(trx: Knex.Transaction, content: CopyContent, plans: readonly CopyPlan[]): Promise<number> {
  if (plans.length === 0) return 0;
  const plan = JSON.stringify(plans.map((p) => ({ org_id: p.recipientOrgId, copy_id: p.copyId, version_id: p.versionId, delivery_id: p.deliveryId })));
  const result = await trx.raw(
    `WITH plan AS (
        SELECT * FROM jsonb_to_recordset(:plan::jsonb) AS p(org_id uuid, copy_id uuid, version_id uuid, delivery_id uuid)
      ), src AS (
        SELECT * FROM documents WHERE id = :senderDocumentId
      ), copies AS (
        INSERT INTO documents (id, organization_id, direction, status, source, doc_type, subject, urgency, secrecy, pages,
                               issuer_name, issuer_code, symbol, issued_date, file_key, file_name, current_version,
                               source_delivery_id, forwarded_from_document_id, verification)
        SELECT p.copy_id, p.org_id, 'incoming', 'pending', 'electronic', s.doc_type, s.subject, s.urgency, s.secrecy, s.pages,
               :issuerName, :issuerCode, s.symbol, s.issued_date, :fileKey, :fileName, 1,
               p.delivery_id, CASE WHEN s.direction = 'incoming' THEN s.id END, :verification::jsonb
          FROM plan p CROSS JOIN src s
        RETURNING id
      ), versions AS (
        INSERT INTO document_versions (id, document_id, version, file_key, file_name, size, kind, note, created_by)
        SELECT p.version_id, p.copy_id, 1, :fileKey, :fileName, :fileSize, 'upload', :versionNote, NULL FROM plan p
      ), delivered AS (
        INSERT INTO deliveries (id, document_id, sender_org_id, recipient_org_id, recipient_document_id, status, reason)
        SELECT p.delivery_id, :senderDocumentId, :senderOrgId, p.org_id, p.copy_id, :status, NULL FROM plan p
        RETURNING id
      ), timeline AS (
        INSERT INTO delivery_events (delivery_id, status, actor_id, reason)
        SELECT p.delivery_id, :status, :actorId::uuid, NULL FROM plan p
      )
      SELECT (SELECT count(*) FROM copies) AS copies, (SELECT count(*) FROM delivered) AS deliveries`,
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
  );
  const { copies, deliveries } = result.rows[0] as { copies: string; deliveries: string };
  if (Number(copies) !== plans.length || Number(deliveries) !== plans.length) throw new Error(`fan-out wrote ${copies} copies and ${deliveries} deliveries for ${plans.length} recipients`);
  return plans.length;
}

/** The stored size of a document's file, from its version row. */
export async function versionSizeOf(db: Knex, documentId: string, fileKey: string): Promise<number | null> {
  const row = await db('document_versions').where({ document_id: documentId, file_key: fileKey }).orderBy('version', 'desc').first('size');
  return row ? Number(row.size) : null;
}
