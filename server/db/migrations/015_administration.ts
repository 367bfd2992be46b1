import type { Knex } from 'knex';

const tz = { useTz: true };

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('locked_at', tz);
    t.text('locked_reason');
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.timestamp('password_changed_at', tz);
    t.jsonb('notification_prefs').notNullable().defaultTo('{}');
    // The person's account at the remote signing service (SmartCA uses the citizen id number).
    t.string('remote_signing_id', 100);
  });
  await knex.schema.alterTable('sessions', (t) => {
    t.string('ip', 64);
    t.string('user_agent', 300);
  });

  // Nhóm gửi nhanh: a named set of recipient agencies and internal units; owner null = shared by the agency.
  await knex.schema.createTable('recipient_groups', (t) => {
    t.uuid('id').primary();
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.uuid('owner_id').references('id').inTable('users');
    t.string('name', 200).notNullable();
    t.specificType('organization_codes', 'text[]').notNullable().defaultTo('{}');
    t.specificType('unit_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.uuid('created_by').notNullable().references('id').inTable('users');
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', tz).notNullable().defaultTo(knex.fn.now());
    t.index(['organization_id']);
  });

  await knex.schema.createTable('announcements', (t) => {
    t.uuid('id').primary();
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.uuid('author_id').notNullable().references('id').inTable('users');
    t.string('title', 300).notNullable();
    t.text('body').notNullable();
    t.specificType('unit_ids', 'uuid[]').notNullable().defaultTo('{}'); // empty = the whole agency
    t.timestamp('expires_at', tz);
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.index(['organization_id', 'created_at']);
  });
  await knex.schema.createTable('announcement_attachments', (t) => {
    t.uuid('id').primary();
    t.uuid('announcement_id').notNullable().references('id').inTable('announcements');
    t.string('file_key', 64).notNullable();
    t.string('file_name', 255).notNullable();
    t.string('content_type', 100).notNullable();
    t.bigInteger('size').notNullable();
  });
  await knex.schema.createTable('announcement_recipients', (t) => {
    t.uuid('announcement_id').notNullable().references('id').inTable('announcements');
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.timestamp('read_at', tz);
    t.primary(['announcement_id', 'user_id']);
    t.index(['user_id']);
  });

  // Signing transactions through a remote service or a token plugin: the signing list.
  await knex.schema.createTable('signing_transactions', (t) => {
    t.uuid('id').primary();
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.string('method', 12).notNullable(); // remote | token
    t.string('provider', 40);
    t.uuid('signing_session_id');
    t.string('provider_tx_id', 200);
    t.string('status', 12).notNullable(); // pending | done | failed | cancelled | expired
    t.text('error');
    t.timestamp('expires_at', tz).notNullable();
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', tz);
    t.index(['user_id', 'created_at']);
    t.index(['status']);
  });

  await knex.schema.createTable('positions', (t) => {
    t.uuid('id').primary();
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.string('name', 200).notNullable();
    t.integer('rank').notNullable().defaultTo(100);
    t.unique(['organization_id', 'name']);
  });
  // Document types and subject areas (lĩnh vực) an agency uses.
  await knex.schema.createTable('catalog_entries', (t) => {
    t.uuid('id').primary();
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.string('kind', 16).notNullable(); // doc_type | subject_area
    t.string('code', 20).notNullable();
    t.string('name', 200).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.unique(['organization_id', 'kind', 'code']);
  });
  // Codes an organisation carried before a merge or a recode: received documents still cite them.
  await knex.schema.createTable('organization_code_history', (t) => {
    t.bigIncrements('id');
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.string('code', 35).notNullable();
    t.string('name', 300).notNullable();
    t.string('reason', 20).notNullable(); // merged | recoded
    t.timestamp('at', tz).notNullable().defaultTo(knex.fn.now());
    t.index(['code']);
  });
  await knex.schema.alterTable('organizations', (t) => {
    t.uuid('merged_into_id').references('id').inTable('organizations');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('organizations', (t) => t.dropColumn('merged_into_id'));
  for (const table of [
    'organization_code_history', 'catalog_entries', 'positions', 'signing_transactions', 'announcement_recipients',
    'announcement_attachments', 'announcements', 'recipient_groups',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('ip');
    t.dropColumn('user_agent');
  });
  await knex.schema.alterTable('users', (t) => {
    for (const c of ['locked_at', 'locked_reason', 'must_change_password', 'password_changed_at', 'notification_prefs', 'remote_signing_id']) t.dropColumn(c);
  });
}
