import type { Knex } from 'knex';
import { prepared } from '../db/prepared';

export type TextState = 'text' | 'no_text' | 'failed';

export const hasDocumentText = async (db: Knex, fileKey: string): Promise<boolean> =>
  Boolean(await db('document_texts').where({ file_key: fileKey }).first('file_key'));

/**
 * Stores as `toKey`'s text the text already extracted from `fromKey` (one statement, the same
 * trigger as an insert); only a successful extraction is copied. False when there was none to copy (and `toKey` has no text yet).
 */
export async function copyDocumentText(db: Knex, fromKey: string, toKey: string): Promise<boolean> {
  const result = await prepared(db.raw(
    `INSERT INTO document_texts (file_key, state, content, pages, tsv)
     SELECT ?, state, content, pages, tsv FROM document_texts WHERE file_key = ? AND state IN ('text', 'no_text')
     ON CONFLICT (file_key) DO NOTHING RETURNING file_key`,
    [toKey, fromKey],
  ));
  return (result.rows?.length ?? 0) > 0 || hasDocumentText(db, toKey);
}

/** Stores a file's text once; the trigger of migration 012 refreshes the documents using the file. */
export async function saveDocumentText(db: Knex, fileKey: string, state: TextState, content: string, pages: number | null): Promise<void> {
  await db('document_texts')
    .insert({ file_key: fileKey, state, content, pages, tsv: db.raw("setweight(to_tsvector('vanban_vi', ?), 'D')", [content]) })
    .onConflict('file_key')
    .ignore();
}
