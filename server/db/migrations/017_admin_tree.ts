import type { Knex } from 'knex';

/**
 * Administration of the tree and of people (issue 15, second part): who signs on behalf of whom.
 * A deputy (cấp phó) signs "KT." for the head, a chief of office "TL." or "TUQ."; the head they sign
 * for is a person, so the link is a user id, with the capacity beside it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.uuid('signs_for_id').references('id').inTable('users');
    t.string('signing_capacity', 4); // KT | TL | TUQ | Q
  });
  await knex.raw("ALTER TABLE users ADD CONSTRAINT users_signing_capacity_check CHECK (signing_capacity IN ('KT','TL','TUQ','Q'))");
  await knex.raw('ALTER TABLE users ADD CONSTRAINT users_signs_for_pair CHECK ((signs_for_id IS NULL) = (signing_capacity IS NULL))');
  await knex.schema.alterTable('catalog_entries', (t) => t.index(['organization_id', 'kind', 'active']));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('catalog_entries', (t) => t.dropIndex(['organization_id', 'kind', 'active']));
  await knex.raw('ALTER TABLE users DROP CONSTRAINT IF EXISTS users_signs_for_pair');
  await knex.raw('ALTER TABLE users DROP CONSTRAINT IF EXISTS users_signing_capacity_check');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('signing_capacity');
    t.dropColumn('signs_for_id');
  });
}
