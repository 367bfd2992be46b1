import type { Knex } from 'knex';

/**
 * Every column that holds a blob key. Garbage collection deletes a blob only when none of these
 * names it — so a new column holding blob keys MUST be added here (collection refuses to run while
 * the schema has a `*_key`/`*_keys` column that is in neither list).
 */
export const BLOB_REFERENCES: { table: string; column: string; array?: boolean }[] = [
  { table: 'documents', column: 'file_key' },
  { table: 'document_versions', column: 'file_key' },
  { table: 'users', column: 'signature_image_key' },
  { table: 'organizations', column: 'seal_image_key' },
  { table: 'assignments', column: 'result_file_keys', array: true },
  { table: 'signing_sessions', column: 'prepared_key' },
  { table: 'dossier_attachments', column: 'file_key' },
  { table: 'archive_transfers', column: 'package_key' },
  { table: 'exchange_attachments', column: 'file_key' },
  { table: 'announcement_attachments', column: 'file_key' },
];

/** `*_key` columns known not to hold blob keys. */
export const NOT_BLOB_REFERENCES = ['jobs.unique_key', 'signing_keys.sealed_key', 'blob_leases.blob_key', 'document_texts.file_key'];
// document_texts is derived from a blob (its extracted text), not a reason to keep it.

export async function isBlobReferenced(db: Knex, key: string): Promise<boolean> {
  for (const ref of BLOB_REFERENCES) {
    const query = db(ref.table).select(db.raw('1')).limit(1);
    const hit = ref.array ? await query.whereRaw('?? @> ARRAY[?]::text[]', [ref.column, key]) : await query.where(ref.column, key);
    if (hit.length > 0) return true;
  }
  return false;
}

/** Columns that look like blob references but are in neither list (a schema change this file missed). */
export async function unknownKeyColumns(db: Knex): Promise<string[]> {
  const rows: { table_name: string; column_name: string }[] = await db('information_schema.columns')
    .where('table_schema', db.raw('current_schema()'))
    .andWhere((q) => q.where('column_name', 'like', '%\\_key').orWhere('column_name', 'like', '%\\_keys'))
    .select('table_name', 'column_name');
  const known = new Set([...BLOB_REFERENCES.map((r) => `${r.table}.${r.column}`), ...NOT_BLOB_REFERENCES]);
  return rows.map((r) => `${r.table_name}.${r.column_name}`).filter((c) => !known.has(c));
}
