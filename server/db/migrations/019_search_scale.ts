import type { Knex } from 'knex';

/**
 * Lists and the inbox at a million documents (EXPLAIN ANALYZE on `npm run bench -- search`).
 * "My drafts" and the handler filter ask for a person's documents by `created_by`: without an
 * index that is a scan of the whole table (every organisation's documents) on each inbox load.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX documents_created_by ON documents (created_by, direction, status)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS documents_created_by');
}
