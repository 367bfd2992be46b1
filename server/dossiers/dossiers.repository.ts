import type { Knex } from 'knex';
import type { DossierStatus } from './dossier-contract';

export interface DossierRow {
  id: string;
  organization_id: string;
  parent_id: string | null;
  file_plan_item_id: string | null;
  code: string | null;
  title: string;
  field: string | null;
  opened_on: string | Date;
  deadline: string | Date | null;
  owner_id: string;
  approver_id: string;
  coordinator_ids: string[];
  progress: number;
  notes: string | null;
  status: DossierStatus;
  status_reason: string | null;
  retention_years: number | null;
  permanent: boolean;
  closed_on: string | Date | null;
  archive_transfer_id: string | null;
  source_document_id: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface DossierListRow extends DossierRow {
  owner_name: string;
  approver_name: string;
}

export async function insertDossier(db: Knex, row: Omit<DossierRow, 'created_at' | 'updated_at' | 'progress' | 'status_reason' | 'closed_on' | 'archive_transfer_id' | 'coordinator_ids'> & { coordinator_ids: string }): Promise<DossierRow> {
  const [inserted] = await db<DossierRow>('dossiers').insert(row as unknown as DossierRow).returning('*');
  return inserted;
}

export const findDossier = (db: Knex, id: string): Promise<DossierRow | undefined> => db<DossierRow>('dossiers').where({ id }).first();
export const lockDossier = (trx: Knex.Transaction, id: string): Promise<DossierRow | undefined> => trx<DossierRow>('dossiers').where({ id }).forUpdate().first();

export async function updateDossier(db: Knex, id: string, changes: Partial<DossierRow>): Promise<DossierRow> {
  const [row] = await db<DossierRow>('dossiers').where({ id }).update({ ...changes, updated_at: new Date() }).returning('*');
  return row;
}

const withNames = (db: Knex) =>
  db('dossiers as s').join('users as o', 'o.id', 's.owner_id').join('users as a', 'a.id', 's.approver_id').select('s.*', 'o.full_name as owner_name', 'a.full_name as approver_name');

export const childrenOf = (db: Knex, id: string): Promise<DossierListRow[]> => withNames(db).where('s.parent_id', id).orderBy('s.created_at');

export interface ListFilter {
  organizationId: string;
  userId: string;
  status?: string;
  q?: string;
  field?: string;
  ownerId?: string;
  year?: number;
  today: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/**
 * Keyset page, newest first: (created_at, id) below the cursor. The database keeps microseconds and
 * a JavaScript Date only milliseconds, so the cursor carries the instant as the database's own text
 * (`cursor_at`); a millisecond-rounded cursor skipped the rows created within that millisecond.
 */
export function listDossierRows(db: Knex, f: ListFilter): Promise<(DossierListRow & { cursor_at: string })[]> {
  const q = withNames(db)
    .select(db.raw(`to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`))
    .where('s.organization_id', f.organizationId);
  if (f.status === 'overdue') q.whereIn('s.status', ['created', 'in_progress', 'returned', 'refused', 'submitted']).whereNotNull('s.deadline').where('s.deadline', '<', f.today);
  else if (f.status === 'mine') q.where((w) => w.where('s.owner_id', f.userId).orWhereRaw('s.coordinator_ids @> ?::jsonb', [JSON.stringify([f.userId])]));
  else if (f.status === 'to_approve') q.where({ 's.approver_id': f.userId, 's.status': 'submitted' });
  else if (f.status) q.where('s.status', f.status);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q.where((w) => w.whereILike('s.title', like).orWhereILike('s.code', like).orWhereILike('s.field', like));
  }
  if (f.field) q.where('s.field', f.field);
  if (f.ownerId) q.where('s.owner_id', f.ownerId);
  if (f.year) q.whereRaw('extract(year from s.opened_on) = ?', [f.year]);
  if (f.after) q.whereRaw('(s.created_at, s.id) < (?::timestamptz, ?::uuid)', [f.after.createdAt, f.after.id]);
  return q.orderBy([{ column: 's.created_at', order: 'desc' }, { column: 's.id', order: 'desc' }]).limit(f.limit);
}

export const findListRow = (db: Knex, id: string): Promise<DossierListRow | undefined> => withNames(db).where('s.id', id).first();

export async function insertLink(db: Knex, row: { dossier_id: string; document_id: string; added_by: string }): Promise<boolean> {
  const inserted = await db('dossier_links').insert(row).onConflict(['dossier_id', 'document_id']).ignore().returning('document_id');
  return inserted.length > 0;
}

export const deleteLink = (db: Knex, dossierId: string, documentId: string) => db('dossier_links').where({ dossier_id: dossierId, document_id: documentId }).delete();

export const linksOf = (db: Knex, dossierId: string) =>
  db('dossier_links as l')
    .join('documents as d', 'd.id', 'l.document_id')
    .where('l.dossier_id', dossierId)
    .orderBy('l.added_at')
    .select('l.document_id', 'l.added_at', 'd.direction', 'd.status', 'd.symbol', 'd.subject', 'd.issued_date', 'd.arrival_number', 'd.file_key', 'd.file_name', 'd.pages', 'd.doc_type', 'd.verification');

export const insertOpinion = (db: Knex, row: { id: string; dossier_id: string; author_id: string; body: string; forwarded_to: string | null; forwarded_from: string | null }) => db('dossier_opinions').insert(row);

export const findOpinion = (db: Knex, id: string) => db('dossier_opinions').where({ id }).first();

export const opinionsOf = (db: Knex, dossierId: string) =>
  db('dossier_opinions as p')
    .join('users as u', 'u.id', 'p.author_id')
    .leftJoin('users as f', 'f.id', 'p.forwarded_to')
    .where('p.dossier_id', dossierId)
    .orderBy('p.created_at')
    .select('p.id', 'p.body', 'p.created_at', 'u.full_name as author_name', 'f.full_name as forwarded_name');

export const insertAttachment = (db: Knex, row: { id: string; dossier_id: string; file_key: string; file_name: string; size: number; sha256: string; added_by: string }) => db('dossier_attachments').insert(row);
export const findAttachment = (db: Knex, id: string) => db('dossier_attachments').where({ id }).first();
export const updateAttachment = (db: Knex, id: string, changes: Record<string, unknown>) => db('dossier_attachments').where({ id }).update(changes);

export const attachmentsOf = (db: Knex, dossierId: string) =>
  db('dossier_attachments as t').leftJoin('users as u', 'u.id', 't.signed_by').where('t.dossier_id', dossierId).orderBy('t.added_at').select('t.*', 'u.full_name as signer_name');

export const usersByIds = (db: Knex, ids: string[]): Promise<{ id: string; full_name: string; organization_id: string }[]> =>
  ids.length ? db('users').whereIn('id', ids).select('id', 'full_name', 'organization_id') : Promise.resolve([]);

export const dossiersOfDocument = (db: Knex, documentId: string) =>
  db('dossier_links as l').join('dossiers as s', 's.id', 'l.dossier_id').where('l.document_id', documentId).select('s.id', 's.title', 's.status');

export const nextCodeNumber = async (db: Knex, organizationId: string, prefix: string): Promise<number> => {
  const row = await db('dossiers').where({ organization_id: organizationId }).andWhereLike('code', `${prefix}%`).count<{ count: string }[]>('* as count');
  return Number(row[0].count) + 1;
};
