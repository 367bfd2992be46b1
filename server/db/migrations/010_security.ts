import type { Knex } from 'knex';

const tz = { useTz: true } as const;

export async function up(knex: Knex): Promise<void> {
  // A request's claim on a blob it has just stored: while live, nobody else may delete the blob.
  await knex.schema.createTable('blob_leases', (t) => {
    t.bigIncrements('id');
    t.string('blob_key', 64).notNullable();
    t.string('holder', 80).notNullable();
    t.timestamp('expires_at', tz).notNullable();
    t.index(['blob_key']);
    t.index(['expires_at']);
  });

  // Failed logins counted atomically per window: one row per (scope, subject), bumped with an upsert.
  await knex.schema.createTable('login_throttle', (t) => {
    t.string('scope', 8).notNullable(); // user | ip | pair
    t.string('subject', 200).notNullable();
    t.timestamp('window_start', tz).notNullable();
    t.integer('failures').notNullable().defaultTo(0);
    t.primary(['scope', 'subject']);
  });

  // The head of the audit chain authenticated with the server secret, and periodic keyed checkpoints.
  await knex.schema.alterTable('audit_chain_head', (t) => {
    t.bigInteger('event_id');
    t.string('mac', 64);
  });
  await knex.schema.createTable('audit_checkpoints', (t) => {
    t.bigIncrements('id');
    t.bigInteger('event_id').notNullable();
    t.string('hash', 64).notNullable();
    t.string('mac', 64).notNullable();
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.index(['event_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('audit_checkpoints');
  await knex.schema.alterTable('audit_chain_head', (t) => {
    t.dropColumn('event_id');
    t.dropColumn('mac');
  });
  await knex.schema.dropTableIfExists('login_throttle');
  await knex.schema.dropTableIfExists('blob_leases');
}
