import type { SignedAs } from '../contract/documents';
import type { Knex } from 'knex';
import type { DocumentStatus, Secrecy, Urgency } from './document-types';
import { pdfTextJob } from './pdf-text-queue';
import { enqueueJobsWith, enqueueJobsWithThen, type NewJob } from '../jobs/jobs.repository';
import { prepared } from '../db/prepared';

export interface DocumentRow {
  id: string;
  organization_id: string;
  direction: 'incoming' | 'outgoing';
  status: DocumentStatus;
  source: 'paper' | 'electronic' | 'draft';
  doc_type: string;
  subject: string;
  urgency: Urgency;
  secrecy: Secrecy;
  pages: number | null;
  issuer_name: string | null;
  issuer_code: string | null;
  symbol: string | null;
  number: number | null;
  issued_date: string | Date | null;
  register_id: string | null;
  register_year: number | null;
  arrival_number: number | null;
  arrival_at: Date | null;
  file_key: string | null;
  file_name: string | null;
  current_version: number | null;
  drafting_unit_id: string | null;
  created_by: string | null;
  leader_id: string | null;
  signed_by: string | null;
  signed_at: Date | null;
  /** How the leader signed, as the block prints it (see contract `signedAsSchema`). */
  signed_as?: SignedAs | null;
  issued_by: string | null;
  issued_at: Date | null;
  recipient_codes: string[];
  internal_recipients: ({ unitId: string } | { userId: string })[];
  source_delivery_id: string | null;
  replaces_document_id: string | null;
  replaced_by_document_id: string | null;
  forwarded_from_document_id: string | null;
  verification: unknown;
  return_reason: string | null;
  /** edXML DocumentId of a document another system issued (on its stand-in row). */
  edxml_document_id?: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface VersionRow {
  id: string;
  document_id: string;
  version: number;
  file_key: string;
  file_name: string;
  size: string | number;
  kind: 'upload' | 'signed' | 'issued';
  note: string | null;
  created_by: string | null;
  created_at: Date;
}

export type NewDocument = Partial<DocumentRow> & Pick<DocumentRow, 'id' | 'organization_id' | 'direction' | 'status' | 'source' | 'doc_type' | 'subject' | 'urgency' | 'secrecy'>;

export async function insertDocument(db: Knex, row: NewDocument): Promise<DocumentRow> {
  const [inserted] = await db<DocumentRow>('documents').insert(row as DocumentRow).returning('*');
  return inserted;
}

export const findDocument = (db: Knex, id: string): Promise<DocumentRow | undefined> => prepared(db<DocumentRow>('documents').where({ id }).first());

/** Locks the row: state transitions read-check-write under it so two clerks cannot both act. */
export const lockDocument = (trx: Knex.Transaction, id: string): Promise<DocumentRow | undefined> =>
  prepared(trx<DocumentRow>('documents').where({ id }).forUpdate().first());

export async function updateDocument(db: Knex, id: string, changes: Partial<DocumentRow>): Promise<DocumentRow> {
  const [row] = await prepared(
    db<DocumentRow>('documents')
      .where({ id })
      .update({ ...changes, updated_at: new Date() } as Partial<DocumentRow>)
      .returning('*'),
  );
  return row;
}

/**
 * `alsoQueue`: jobs of the same transaction queued in the same statement as the text extraction (one round trip).
 * `sameTextAs`: the file this version's page text equals (see pdfTextJob), when the caller made it from that file.
 */
export async function insertVersion(db: Knex, row: Omit<VersionRow, 'created_at'>, alsoQueue: readonly NewJob[] = [], sameTextAs?: string): Promise<void> {
  // Every stored file gets its text extracted for search, in the background (server/search/pdf-text-job.ts):
  // queued in the same statement as the version.
  await enqueueJobsWith(db, db('document_versions').insert(row), [pdfTextJob(row.file_key, sameTextAs), ...alsoQueue]);
}

/** `insertVersion` and an update of its document (the new file, most often) in one round trip: the updated row. */
export async function insertVersionAndUpdate(db: Knex, row: Omit<VersionRow, 'created_at'>, alsoQueue: readonly NewJob[], sameTextAs: string | undefined, changes: Partial<DocumentRow>): Promise<DocumentRow> {
  const update = db<DocumentRow>('documents').where({ id: row.document_id }).update({ ...changes, updated_at: new Date() } as Partial<DocumentRow>).returning('*');
  const [updated] = await enqueueJobsWithThen<DocumentRow>(db, db('document_versions').insert(row), [pdfTextJob(row.file_key, sameTextAs), ...alsoQueue], update);
  return updated;
}

export const listVersions = (db: Knex, documentId: string): Promise<VersionRow[]> =>
  db<VersionRow>('document_versions').where({ document_id: documentId }).orderBy('version');

export async function insertComment(db: Knex, row: { id: string; document_id: string; author_id: string; body: string }): Promise<void> {
  await db('document_comments').insert(row);
}

export const listComments = (db: Knex, documentId: string) =>
  db('document_comments as c')
    .join('users as u', 'u.id', 'c.author_id')
    .where({ 'c.document_id': documentId })
    .orderBy('c.created_at')
    .select('c.id', 'c.body', 'c.created_at', 'u.full_name as author_name');

export async function findDuplicateIncoming(db: Knex, organizationId: string, symbol: string, issuer: string): Promise<DocumentRow[]> {
  return db<DocumentRow>('documents')
    .where({ organization_id: organizationId, direction: 'incoming', symbol })
    .whereRaw('lower(issuer_name) = lower(?)', [issuer])
    .whereNot({ status: 'returned' });
}

export const countBlobReferences = async (db: Knex, fileKey: string): Promise<number> => {
  const [a] = await db('document_versions').where({ file_key: fileKey }).count<{ count: string }[]>({ count: '*' });
  const [b] = await db('documents').where({ file_key: fileKey }).count<{ count: string }[]>({ count: '*' });
  // Dossier attachments and archive packages share the content-addressed store.
  const [c] = await db('dossier_attachments').where({ file_key: fileKey }).count<{ count: string }[]>({ count: '*' });
  const [d] = await db('archive_transfers').where({ package_key: fileKey }).count<{ count: string }[]>({ count: '*' });
  return Number(a.count) + Number(b.count) + Number(c.count) + Number(d.count);
};

export async function insertInternalDeliveries(db: Knex, documentId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db('internal_deliveries').insert(userIds.map((user_id) => ({ document_id: documentId, user_id }))).onConflict(['document_id', 'user_id']).ignore();
}

export async function acknowledgeInternalDelivery(db: Knex, documentId: string, userId: string): Promise<number> {
  return db('internal_deliveries').where({ document_id: documentId, user_id: userId }).whereNull('acknowledged_at').update({ acknowledged_at: db.fn.now() });
}

export async function awaitsInternalAcknowledgement(db: Knex, documentId: string, userId: string): Promise<boolean> {
  return Boolean(await db('internal_deliveries').where({ document_id: documentId, user_id: userId }).whereNull('acknowledged_at').first('document_id'));
}
