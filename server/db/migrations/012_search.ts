import type { Knex } from 'knex';

/**
 * Finding documents: list date and keyset indexes, diacritics-insensitive full-text search,
 * extracted PDF text, personal bookmarks and need-to-know grants for secret documents.
 *
 * Search uses PostgreSQL's own machinery on both PGlite and PostgreSQL: the `unaccent` extension
 * (PGlite ships it; the server loads it in server/db/connect.ts) behind a text search
 * configuration `vanban_vi` (unaccent, then simple), so `cong van` finds "Công văn" and `dang`
 * finds "Đảng", and ts_headline highlights the original, accented words.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS unaccent');
  await knex.raw('CREATE TEXT SEARCH CONFIGURATION vanban_vi (COPY = simple)');
  await knex.raw('ALTER TEXT SEARCH CONFIGURATION vanban_vi ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple');

  // The date a list shows and sorts by: arrival (incoming), issue (outgoing), creation (drafts).
  // Stable while a document waits in a list, so keyset paging has no gaps or repeats.
  await knex.raw('ALTER TABLE documents ADD COLUMN list_at timestamptz GENERATED ALWAYS AS (COALESCE(arrival_at, issued_at, created_at)) STORED');
  await knex.raw('ALTER TABLE documents ADD COLUMN search_tsv tsvector');
  await knex.raw('CREATE INDEX documents_list ON documents (organization_id, list_at DESC, id DESC)');
  await knex.raw('CREATE INDEX documents_book_list ON documents (organization_id, direction, list_at DESC, id DESC)');
  await knex.raw('CREATE INDEX documents_search ON documents USING gin (search_tsv)');
  await knex.raw('CREATE INDEX directions_document ON directions (document_id)');
  await knex.raw('CREATE INDEX document_comments_document ON document_comments (document_id)');
  await knex.raw('CREATE INDEX assignments_document ON assignments (document_id)');
  await knex.raw('CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL');

  await knex.schema.createTable('document_texts', (t) => {
    t.string('file_key', 64).primary();
    t.string('state', 12).notNullable(); // text | no_text (a scan) | failed
    t.text('content').notNullable().defaultTo('');
    t.specificType('tsv', 'tsvector');
    t.integer('pages');
    t.timestamp('extracted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('document_bookmarks', (t) => {
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.text('note');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'document_id']);
  });

  await knex.schema.createTable('document_access_grants', (t) => {
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.uuid('granted_by').notNullable().references('id').inTable('users');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['document_id', 'user_id']);
    t.index(['user_id']);
  });

  // Everything a search matches, weighted: A number/symbol and subject, B issuer, recipients and
  // signer, C directions, comments and notes, D the text inside the current PDF.
  await knex.raw(`
    CREATE FUNCTION vanban_document_tsv(doc_id uuid, symbol text, subject text, issuer text, recipients text[], signer uuid, file_key text, return_reason text)
    RETURNS tsvector LANGUAGE sql STABLE AS $fn$
      SELECT setweight(to_tsvector('vanban_vi', coalesce(translate(symbol, '/-._', '    '), '') || ' ' || coalesce(subject, '')), 'A')
          || setweight(to_tsvector('vanban_vi', coalesce(issuer, '') || ' ' || array_to_string(recipients, ' ') || ' '
                 || coalesce((SELECT u.full_name FROM users u WHERE u.id = signer), '')), 'B')
          || setweight(to_tsvector('vanban_vi',
                 coalesce((SELECT string_agg(x.instruction, ' ') FROM directions x WHERE x.document_id = doc_id), '') || ' '
                 || coalesce((SELECT string_agg(c.body, ' ') FROM document_comments c WHERE c.document_id = doc_id), '') || ' '
                 || coalesce(return_reason, '')), 'C')
          || coalesce((SELECT t.tsv FROM document_texts t WHERE t.file_key = vanban_document_tsv.file_key), ''::tsvector)
    $fn$`);
  await knex.raw(`
    CREATE FUNCTION vanban_documents_tsv_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      NEW.search_tsv := vanban_document_tsv(NEW.id, NEW.symbol, NEW.subject, NEW.issuer_name, NEW.recipient_codes, NEW.signed_by, NEW.file_key, NEW.return_reason);
      RETURN NEW;
    END $fn$`);
  await knex.raw(`
    CREATE TRIGGER documents_search_tsv BEFORE INSERT OR UPDATE OF symbol, subject, issuer_name, recipient_codes, signed_by, file_key, return_reason
    ON documents FOR EACH ROW EXECUTE FUNCTION vanban_documents_tsv_trigger()`);
  // Directions, comments and extracted text live in other tables: refresh the documents they touch.
  await knex.raw(`
    CREATE FUNCTION vanban_refresh_document_tsv() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_TABLE_NAME = 'document_texts' THEN
        UPDATE documents d SET search_tsv = vanban_document_tsv(d.id, d.symbol, d.subject, d.issuer_name, d.recipient_codes, d.signed_by, d.file_key, d.return_reason)
         WHERE d.file_key = NEW.file_key;
      ELSE
        UPDATE documents d SET search_tsv = vanban_document_tsv(d.id, d.symbol, d.subject, d.issuer_name, d.recipient_codes, d.signed_by, d.file_key, d.return_reason)
         WHERE d.id = NEW.document_id;
      END IF;
      RETURN NULL;
    END $fn$`);
  for (const table of ['directions', 'document_comments', 'document_texts']) {
    await knex.raw(`CREATE TRIGGER ${table}_refresh_search AFTER INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION vanban_refresh_document_tsv()`);
  }
  await knex.raw('UPDATE documents d SET search_tsv = vanban_document_tsv(d.id, d.symbol, d.subject, d.issuer_name, d.recipient_codes, d.signed_by, d.file_key, d.return_reason)');
  // PDFs stored before this migration get their text extracted too.
  await knex.raw(`INSERT INTO jobs (kind, payload, unique_key)
    SELECT DISTINCT 'pdf-text', json_build_object('fileKey', v.file_key)::jsonb, 'pdf-text:' || v.file_key FROM document_versions v
    ON CONFLICT (unique_key) DO NOTHING`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['directions', 'document_comments', 'document_texts']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_refresh_search ON ${table}`);
  await knex.raw('DROP TRIGGER IF EXISTS documents_search_tsv ON documents');
  await knex.raw('DROP FUNCTION IF EXISTS vanban_refresh_document_tsv()');
  await knex.raw('DROP FUNCTION IF EXISTS vanban_documents_tsv_trigger()');
  await knex.raw('DROP FUNCTION IF EXISTS vanban_document_tsv(uuid, text, text, text, text[], uuid, text, text)');
  await knex.schema.dropTableIfExists('document_access_grants');
  await knex.schema.dropTableIfExists('document_bookmarks');
  await knex.schema.dropTableIfExists('document_texts');
  for (const index of ['notifications_unread', 'assignments_document', 'document_comments_document', 'directions_document']) await knex.raw(`DROP INDEX IF EXISTS ${index}`);
  await knex.raw('ALTER TABLE documents DROP COLUMN IF EXISTS search_tsv, DROP COLUMN IF EXISTS list_at');
  await knex.raw('DROP TEXT SEARCH CONFIGURATION IF EXISTS vanban_vi');
}
