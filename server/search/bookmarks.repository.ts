import type { Knex } from 'knex';

export async function upsertBookmark(db: Knex, userId: string, documentId: string, note: string | null): Promise<void> {
  await db('document_bookmarks').insert({ user_id: userId, document_id: documentId, note }).onConflict(['user_id', 'document_id']).merge({ note });
}

export const deleteBookmark = (db: Knex, userId: string, documentId: string): Promise<number> =>
  db('document_bookmarks').where({ user_id: userId, document_id: documentId }).delete();

export const findBookmark = (db: Knex, userId: string, documentId: string): Promise<{ note: string | null } | undefined> =>
  db('document_bookmarks').where({ user_id: userId, document_id: documentId }).first('note');
