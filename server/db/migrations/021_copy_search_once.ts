import type { Knex } from 'knex';

/**
 * A document sent to a thousand agencies makes a thousand copies with the same searchable text
 * (symbol, subject, issuer, the file's text; a new copy has no directions or comments yet). The
 * fan-out computes that once and inserts it with every copy; the insert trigger now computes it
 * only when the row arrives without it. Updates of the searched columns still recompute it.
 */
const COLUMNS = 'symbol, subject, issuer_name, recipient_codes, signed_by, file_key, return_reason';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER documents_search_tsv ON documents');
  await knex.raw(`CREATE TRIGGER documents_search_tsv_insert BEFORE INSERT ON documents
    FOR EACH ROW WHEN (NEW.search_tsv IS NULL) EXECUTE FUNCTION vanban_documents_tsv_trigger()`);
  await knex.raw(`CREATE TRIGGER documents_search_tsv BEFORE UPDATE OF ${COLUMNS} ON documents
    FOR EACH ROW EXECUTE FUNCTION vanban_documents_tsv_trigger()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER documents_search_tsv_insert ON documents');
  await knex.raw('DROP TRIGGER documents_search_tsv ON documents');
  await knex.raw(`CREATE TRIGGER documents_search_tsv BEFORE INSERT OR UPDATE OF ${COLUMNS} ON documents
    FOR EACH ROW EXECUTE FUNCTION vanban_documents_tsv_trigger()`);
}
