import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    // Units/people inside the agency that receive the issued document: [{unitId}|{userId}].
    t.jsonb('internal_recipients').notNullable().defaultTo('[]');
  });
  await knex.schema.createTable('internal_deliveries', (t) => {
    t.bigIncrements('id');
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('acknowledged_at', { useTz: true });
    t.unique(['document_id', 'user_id']);
    t.index(['user_id', 'acknowledged_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('internal_deliveries');
  await knex.schema.alterTable('documents', (t) => t.dropColumn('internal_recipients'));
}
