import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organizations', (t) => {
    t.uuid('id').primary();
    t.string('code', 35).notNullable().unique();
    t.string('name', 300).notNullable();
    t.string('abbreviation', 30).notNullable();
    t.string('level', 10).notNullable();
    t.uuid('parent_id').references('id').inTable('organizations');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['parent_id']);
  });
  await knex.raw(
    "ALTER TABLE organizations ADD CONSTRAINT organizations_level_check CHECK (level IN ('central','province','district','commune'))",
  );

  await knex.schema.createTable('units', (t) => {
    t.uuid('id').primary();
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.string('name', 300).notNullable();
    t.string('abbreviation', 30).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['organization_id', 'abbreviation']);
  });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary();
    t.string('username', 64).notNullable().unique();
    t.text('password_hash').notNullable();
    t.string('full_name', 200).notNullable();
    t.string('position', 200).notNullable().defaultTo('');
    t.uuid('organization_id').references('id').inTable('organizations');
    t.uuid('unit_id').references('id').inTable('units');
    t.specificType('roles', 'text[]').notNullable().defaultTo('{}');
    t.boolean('is_system_admin').notNullable().defaultTo(false);
    t.string('signature_image_key', 64);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['organization_id']);
  });

  await knex.schema.createTable('sessions', (t) => {
    t.uuid('id').primary();
    t.string('token_hash', 64).notNullable().unique();
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.index(['user_id']);
  });

  await knex.schema.createTable('login_failures', (t) => {
    t.bigIncrements('id');
    t.string('username', 64).notNullable();
    t.string('ip', 64).notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['username', 'at']);
    t.index(['ip', 'at']);
  });

  await knex.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable();
    t.uuid('actor_id');
    t.uuid('organization_id');
    t.string('action', 64).notNullable();
    t.string('object_type', 32).notNullable();
    t.string('object_id', 64).notNullable();
    t.text('summary').notNullable();
    t.jsonb('data');
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable().unique();
    t.index(['object_type', 'object_id']);
  });
  // One row that serialises appends to the hash chain.
  await knex.schema.createTable('audit_chain_head', (t) => {
    t.integer('id').primary();
    t.string('hash', 64).notNullable();
  });
  await knex('audit_chain_head').insert({ id: 1, hash: '0'.repeat(64) });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['audit_chain_head', 'audit_events', 'login_failures', 'sessions', 'users', 'units', 'organizations']) {
    await knex.schema.dropTableIfExists(table);
  }
}
