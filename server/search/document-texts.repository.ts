import type { Knex } from 'knex';

export type TextState = 'text' | 'no_text' | 'failed';

export const hasDocumentText = async (db: Knex, fileKey: string): Promise<boolean> =>
  Boolean(await db('document_texts').where({ file_key: fileKey }).first('file_key'));

/** Stores a file's text once; the trigger of migration 012 refreshes the documents using the file. */
export async function saveDocumentText(db: Knex, fileKey: string, state: TextState, content: string, pages: number | null): Promise<void> {
  await db('document_texts')
    .insert({ file_key: fileKey, state, content, pages, tsv: db.raw("setweight(to_tsvector('vanban_vi', ?), 'D')", [content]) })
    .onConflict('file_key')
    .ignore();
}
