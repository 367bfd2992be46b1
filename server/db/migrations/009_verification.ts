import type { Knex } from 'knex';

/** Certificates registered for a person without a key (USB token, remote signing): what two-phase signing must match. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('registered_certificates', (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.string('fingerprint', 64).notNullable(); // SHA-256 of the DER, lower-case hex
    t.text('certificate_pem').notNullable();
    t.text('subject').notNullable();
    t.timestamp('not_after', { useTz: true }).notNullable();
    t.uuid('added_by').references('id').inTable('users');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['user_id', 'fingerprint']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('registered_certificates');
}
