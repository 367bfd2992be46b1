import type { Knex } from 'knex';

/**
 * Issue 15, round 4.
 * - How the leader signed, as printed (Decree 30): the signer's name and title and, signing on
 *   behalf, the authority line ("KT. CHỦ TỊCH") with the one signed for, kept with the document at
 *   signing time (titles and signs-for links change later; the document does not).
 * - Renaming an agency keeps its former name and abbreviation in the history merges already keep
 *   (reason 'renamed'), so documents that print the old name still resolve to it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.jsonb('signed_as');
  });
  await knex.schema.alterTable('organization_code_history', (t) => {
    t.string('abbreviation', 30);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('organization_code_history', (t) => {
    t.dropColumn('abbreviation');
  });
  await knex.schema.alterTable('documents', (t) => {
    t.dropColumn('signed_as');
  });
}
