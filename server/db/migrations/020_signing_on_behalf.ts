import type { Knex } from 'knex';

/**
 * Issue 15, round 4. How the leader signed, as printed (Decree 30): the signer's name and title and,
 * signing on behalf, the authority line ("KT. CHỦ TỊCH") with the one signed for, kept with the
 * document at signing time (titles and signs-for links change later; the document does not).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.jsonb('signed_as');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.dropColumn('signed_as');
  });
}
