import type { Knex } from 'knex';

/**
 * When a file's text arrives (extracted, or copied from the draft's for an issued file), every document using the file
 * had its searchable text recomputed from scratch — for a document sent to a thousand agencies, a thousand
 * recomputations, each reading the signer, directions, comments and the text again. Until then those documents had no
 * text part (it is the only part of weight D, and a file's text is stored once), so appending the new text to what
 * they have gives the same result as recomputing. Directions and comments still recompute their document.
 */
const recompute = (where: string) =>
  `UPDATE documents d SET search_tsv = vanban_document_tsv(d.id, d.symbol, d.subject, d.issuer_name, d.recipient_codes, d.signed_by, d.file_key, d.return_reason)
    WHERE ${where};`;

/** The refresh trigger function of migration 012, with `onFileText` as what a row of document_texts does. */
export const refreshFunction = (onFileText: string) => `
  CREATE OR REPLACE FUNCTION vanban_refresh_document_tsv() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF TG_TABLE_NAME = 'document_texts' THEN
      ${onFileText}
    ELSE
      ${recompute('d.id = NEW.document_id')}
    END IF;
    RETURN NULL;
  END $fn$`;

/** What a row of document_texts does to the documents using its file. */
export const appendFileText = `IF TG_OP = 'INSERT' THEN
        UPDATE documents d SET search_tsv = coalesce(d.search_tsv, ''::tsvector) || coalesce(NEW.tsv, ''::tsvector)
         WHERE d.file_key = NEW.file_key;
      ELSE
        ${recompute('d.file_key = NEW.file_key')}
      END IF;`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(refreshFunction(appendFileText));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(refreshFunction(recompute('d.file_key = NEW.file_key')));
}
