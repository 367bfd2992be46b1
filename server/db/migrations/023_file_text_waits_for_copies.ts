import type { Knex } from 'knex';
import { appendFileText, refreshFunction } from './022_text_refresh_appends';

/**
 * A copy's searchable text is computed in the statement that inserts it, from the file's text as that statement sees
 * it. When the text arrived while a fan-out was between that statement and its commit, the text's own refresh ran
 * before the copies were visible, and they stayed without the file's text for good. Now the refresh first takes the
 * file's blob lock (the one the blob store and collector use, by the first 52 bits of the key), and a fan-out holds
 * that lock, shared, from before its insert until its commit: the refresh waits for the copies, or the copies see the
 * text.
 */
const LOCK_ID = `CREATE OR REPLACE FUNCTION vanban_blob_lock_id(key text) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT CASE WHEN key ~ '^[0-9a-f]{13}' THEN ('x' || lpad(substr(key, 1, 13), 16, '0'))::bit(64)::bigint END
$fn$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(LOCK_ID);
  await knex.raw(refreshFunction(`PERFORM pg_advisory_xact_lock(vanban_blob_lock_id(NEW.file_key));
      ${appendFileText}`));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(refreshFunction(appendFileText));
  await knex.raw('DROP FUNCTION vanban_blob_lock_id(text)');
}
