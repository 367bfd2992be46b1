import type { Knex } from 'knex';

export interface FilePlanItemRow {
  id: string;
  organization_id: string;
  year: number;
  code: string;
  title: string;
  retention_years: number | null;
  responsible_user_id: string | null;
  unit_id: string | null;
  created_at: Date;
}

export async function insertFilePlanItem(db: Knex, row: Omit<FilePlanItemRow, 'created_at'>): Promise<FilePlanItemRow> {
  const [inserted] = await db<FilePlanItemRow>('file_plan_items').insert(row).returning('*');
  return inserted;
}

export const findFilePlanItem = (db: Knex, organizationId: string, year: number, code: string): Promise<FilePlanItemRow | undefined> =>
  db<FilePlanItemRow>('file_plan_items').where({ organization_id: organizationId, year, code }).first();

export const findFilePlanItemById = (db: Knex, id: string): Promise<FilePlanItemRow | undefined> => db<FilePlanItemRow>('file_plan_items').where({ id }).first();

export const listFilePlan = (db: Knex, organizationId: string, year: number) =>
  db('file_plan_items as f')
    .leftJoin('users as u', 'u.id', 'f.responsible_user_id')
    .where({ 'f.organization_id': organizationId, 'f.year': year })
    .orderBy('f.code')
    .select('f.*', 'u.full_name as responsible_name', db.raw('(SELECT count(*) FROM dossiers s WHERE s.file_plan_item_id = f.id) AS dossier_count'));

const archiveRows = (db: Knex) =>
  db('dossiers as s')
    .leftJoin('file_plan_items as f', 'f.id', 's.file_plan_item_id')
    .join('users as o', 'o.id', 's.owner_id')
    .orderBy([{ column: 's.code' }, { column: 's.created_at' }])
    .select('s.*', 'f.code as plan_code', 'o.full_name as owner_name', db.raw('(SELECT count(*)::int FROM dossier_links l WHERE l.dossier_id = s.id) AS document_count'));

/** Completed dossiers of a year not yet handed to the archive. */
export const closedDossiersOfYear = (db: Knex, organizationId: string, year: number) =>
  archiveRows(db)
    .where({ 's.organization_id': organizationId, 's.status': 'completed' })
    .whereNull('s.archive_transfer_id')
    .whereRaw('extract(year from s.closed_on) = ?', [year]);

/** The dossiers one hand-over took, in the order of its list. */
export const dossiersOfTransfer = (db: Knex, transferId: string) => archiveRows(db).where('s.archive_transfer_id', transferId);

export async function insertArchiveTransfer(db: Knex, row: { id: string; organization_id: string; year: number; package_key: string; package_size: number; package_sha256: string; dossier_count: number; handed_by: string; handed_at: Date }): Promise<void> {
  await db('archive_transfers').insert(row);
}

export const listArchiveTransfers = (db: Knex, organizationId: string) =>
  db('archive_transfers as t').join('users as u', 'u.id', 't.handed_by').where('t.organization_id', organizationId).orderBy('t.handed_at', 'desc').select('t.*', 'u.full_name as handed_by_name');

export const findArchiveTransfer = (db: Knex, id: string) =>
  db('archive_transfers as t').join('users as u', 'u.id', 't.handed_by').where('t.id', id).select('t.*', 'u.full_name as handed_by_name', 'u.position as handed_by_position').first();
