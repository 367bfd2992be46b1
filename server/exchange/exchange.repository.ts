import type { Knex } from 'knex';

export type OutboxState = 'pending' | 'sent' | 'dead' | 'cancelled';

export interface OutboxRow {
  id: string;
  kind: 'package' | 'status';
  document_id: string;
  recipient_org_id: string;
  sender_code: string;
  recipient_code: string;
  edxml_document_id: string;
  status_code: string;
  payload: Record<string, unknown>;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  axis_id: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

export type NewOutbox = Pick<OutboxRow, 'id' | 'kind' | 'document_id' | 'recipient_org_id' | 'sender_code' | 'recipient_code' | 'edxml_document_id' | 'status_code' | 'payload'>;

/** Inserts unless the same message (kind, DocumentId, sender, recipient, status) is already queued; returns the row either way. */
export async function insertOutbox(db: Knex, row: NewOutbox): Promise<{ row: OutboxRow; created: boolean }> {
  const inserted = await db<OutboxRow>('exchange_outbox')
    .insert({ ...row, payload: JSON.stringify(row.payload) as unknown as Record<string, unknown> })
    .onConflict(['kind', 'edxml_document_id', 'sender_code', 'recipient_code', 'status_code'])
    .ignore()
    .returning('*');
  if (inserted.length) return { row: inserted[0], created: true };
  const existing = await db<OutboxRow>('exchange_outbox')
    .where({ kind: row.kind, edxml_document_id: row.edxml_document_id, sender_code: row.sender_code, recipient_code: row.recipient_code, status_code: row.status_code })
    .first();
  return { row: existing!, created: false };
}

export const findOutbox = (db: Knex, id: string): Promise<OutboxRow | undefined> => db<OutboxRow>('exchange_outbox').where({ id }).first();

export const lockOutbox = (trx: Knex.Transaction, id: string): Promise<OutboxRow | undefined> => trx<OutboxRow>('exchange_outbox').where({ id }).forUpdate().first();

export async function updateOutbox(db: Knex, id: string, changes: Partial<Pick<OutboxRow, 'state' | 'attempts' | 'last_error' | 'axis_id' | 'sent_at'>>): Promise<void> {
  await db('exchange_outbox').where({ id }).update({ ...changes, updated_at: new Date() });
}

/** The package that carried a document to an external recipient (statuses refer to it by DocumentId). */
export const findSentPackage = (db: Knex, edxmlDocumentId: string, recipientCode: string): Promise<OutboxRow | undefined> =>
  db<OutboxRow>('exchange_outbox').where({ kind: 'package', edxml_document_id: edxmlDocumentId, recipient_code: recipientCode }).orderBy('created_at').first();

/** Of the given organisations, those hosted by another system. */
export const externalOrgIds = async (db: Knex, ids: string[]): Promise<Set<string>> =>
  new Set((await db('organizations').whereIn('id', ids).where({ external: true }).select('id')).map((r: { id: string }) => r.id));

export const packagesOfDocument = (db: Knex, documentId: string): Promise<OutboxRow[]> =>
  db<OutboxRow>('exchange_outbox').where({ kind: 'package', document_id: documentId }).orderBy('recipient_code');

export interface OutboxListRow extends OutboxRow {
  subject: string;
  symbol: string | null;
  organization_id: string;
  recipient_name: string;
}

/** Newest first; `organizationId` null lists every organisation's (system admin). */
export function listOutbox(db: Knex, filter: { state?: OutboxState; organizationId: string | null; limit: number; offset: number }) {
  const q = db('exchange_outbox as x')
    .join('documents as d', 'd.id', 'x.document_id')
    .join('organizations as o', 'o.id', 'x.recipient_org_id');
  if (filter.state) q.where('x.state', filter.state);
  if (filter.organizationId) q.where('d.organization_id', filter.organizationId);
  const total = q.clone().count<{ n: string }[]>({ n: '*' });
  const rows = q
    .orderBy('x.updated_at', 'desc')
    .orderBy('x.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .select<OutboxListRow[]>('x.*', 'd.subject', 'd.symbol', 'd.organization_id', 'o.name as recipient_name');
  return Promise.all([rows, total.then((r) => Number(r[0].n))]);
}

export interface AttachmentRow {
  id: string;
  document_id: string;
  position: number;
  content_id: string;
  name: string;
  content_type: string;
  file_key: string;
  size: string | number;
}

export async function insertAttachments(db: Knex, rows: Omit<AttachmentRow, 'id'>[]): Promise<void> {
  if (rows.length) await db('exchange_attachments').insert(rows);
}

export const listAttachments = (db: Knex, documentId: string): Promise<AttachmentRow[]> =>
  db<AttachmentRow>('exchange_attachments').where({ document_id: documentId }).orderBy('position');

/** The stand-in row of a document an external agency issued (its organisation is the external one). */
export const findForeignDocument = (db: Knex, organizationId: string, edxmlDocumentId: string) =>
  db('documents').where({ organization_id: organizationId, edxml_document_id: edxmlDocumentId }).first();

export const inboxSeen = async (db: Knex, axisId: string): Promise<boolean> => Boolean(await db('exchange_inbox').where({ axis_id: axisId }).first());

export async function recordInbox(db: Knex, row: { axis_id: string; kind: string | null; sender_code: string | null; edxml_document_id: string | null; outcome: 'applied' | 'refused'; error_code?: string | null; error_message?: string | null }): Promise<void> {
  await db('exchange_inbox').insert(row).onConflict('axis_id').ignore();
}
