import type { Knex } from 'knex';

const tz = { useTz: true } as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('organizations', (t) => {
    t.string('seal_image_key', 64);
  });

  await knex.schema.createTable('registers', (t) => {
    t.uuid('id').primary();
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.string('kind', 10).notNullable(); // incoming | outgoing
    t.string('code', 40).notNullable();
    t.string('name', 200).notNullable();
    t.boolean('secret').notNullable().defaultTo(false);
    /** Document type abbreviations this register takes (e.g. legal normative types); null = the rest. */
    t.specificType('doc_types', 'text[]');
    /** Legal normative documents carry the year in their symbol: 138/2020/NĐ-CP. */
    t.boolean('year_in_symbol').notNullable().defaultTo(false);
    t.unique(['organization_id', 'code']);
  });

  // Gap-free numbering: the row is locked by the transaction that takes the next number.
  await knex.schema.createTable('register_counters', (t) => {
    t.uuid('register_id').notNullable().references('id').inTable('registers');
    t.integer('year').notNullable();
    t.integer('last_number').notNullable().defaultTo(0);
    t.primary(['register_id', 'year']);
  });

  await knex.schema.createTable('documents', (t) => {
    t.uuid('id').primary();
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.string('direction', 10).notNullable(); // incoming | outgoing
    t.string('status', 24).notNullable();
    t.string('source', 12).notNullable(); // paper | electronic | draft
    t.string('doc_type', 8).notNullable();
    t.text('subject').notNullable();
    t.string('urgency', 12).notNullable();
    t.string('secrecy', 12).notNullable();
    t.integer('pages');
    t.string('issuer_name', 300);
    t.string('issuer_code', 35);
    t.string('symbol', 100);
    t.integer('number');
    t.date('issued_date');
    t.uuid('register_id').references('id').inTable('registers');
    t.integer('register_year');
    t.integer('arrival_number');
    t.timestamp('arrival_at', tz);
    t.string('file_key', 64);
    t.string('file_name', 255);
    t.integer('current_version');
    t.uuid('drafting_unit_id').references('id').inTable('units');
    t.uuid('created_by').references('id').inTable('users');
    t.uuid('leader_id').references('id').inTable('users');
    t.uuid('signed_by').references('id').inTable('users');
    t.timestamp('signed_at', tz);
    t.uuid('issued_by').references('id').inTable('users');
    t.timestamp('issued_at', tz);
    t.specificType('recipient_codes', 'text[]').notNullable().defaultTo('{}');
    t.uuid('source_delivery_id');
    t.uuid('replaces_document_id').references('id').inTable('documents');
    t.uuid('replaced_by_document_id').references('id').inTable('documents');
    t.uuid('forwarded_from_document_id').references('id').inTable('documents');
    t.jsonb('verification');
    t.text('return_reason');
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', tz).notNullable().defaultTo(knex.fn.now());
    t.index(['organization_id', 'direction', 'status']);
    t.index(['leader_id', 'status']);
    t.index(['register_id', 'register_year', 'number']);
  });
  await knex.raw('CREATE UNIQUE INDEX documents_outgoing_number ON documents (register_id, register_year, number) WHERE number IS NOT NULL');
  await knex.raw('CREATE UNIQUE INDEX documents_arrival_number ON documents (register_id, register_year, arrival_number) WHERE arrival_number IS NOT NULL');

  await knex.schema.createTable('document_versions', (t) => {
    t.uuid('id').primary();
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.integer('version').notNullable();
    t.string('file_key', 64).notNullable();
    t.string('file_name', 255).notNullable();
    t.bigInteger('size').notNullable();
    t.string('kind', 16).notNullable(); // upload | signed | issued
    t.text('note');
    t.uuid('created_by').references('id').inTable('users');
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.unique(['document_id', 'version']);
  });

  await knex.schema.createTable('document_comments', (t) => {
    t.uuid('id').primary();
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.uuid('author_id').notNullable().references('id').inTable('users');
    t.text('body').notNullable();
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('directions', (t) => {
    t.uuid('id').primary();
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.uuid('leader_id').notNullable().references('id').inTable('users');
    t.text('instruction').notNullable();
    t.timestamp('deadline', tz);
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('assignments', (t) => {
    t.uuid('id').primary();
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.uuid('direction_id').notNullable().references('id').inTable('directions');
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.string('role', 12).notNullable(); // lead | coordinate | inform
    t.uuid('assignee_user_id').references('id').inTable('users');
    t.uuid('assignee_unit_id').references('id').inTable('units');
    t.timestamp('deadline', tz);
    t.string('status', 16).notNullable(); // assigned | in_progress | completed
    t.integer('percent').notNullable().defaultTo(0);
    t.text('result');
    t.specificType('result_file_keys', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('completed_at', tz);
    t.boolean('overdue').notNullable().defaultTo(false);
    t.timestamp('reminded_at', tz);
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.index(['assignee_user_id', 'status']);
    t.index(['status', 'deadline']);
  });

  await knex.schema.createTable('assignment_updates', (t) => {
    t.uuid('id').primary();
    t.uuid('assignment_id').notNullable().references('id').inTable('assignments');
    t.uuid('author_id').notNullable().references('id').inTable('users');
    t.text('note').notNullable();
    t.integer('percent');
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('deliveries', (t) => {
    t.uuid('id').primary();
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.uuid('sender_org_id').notNullable().references('id').inTable('organizations');
    t.uuid('recipient_org_id').notNullable().references('id').inTable('organizations');
    t.uuid('recipient_document_id').references('id').inTable('documents');
    t.string('status', 2).notNullable();
    t.text('reason');
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', tz).notNullable().defaultTo(knex.fn.now());
    t.unique(['document_id', 'recipient_org_id']);
    t.index(['recipient_org_id', 'status']);
  });

  await knex.schema.createTable('delivery_events', (t) => {
    t.bigIncrements('id');
    t.uuid('delivery_id').notNullable().references('id').inTable('deliveries');
    t.string('status', 2).notNullable();
    t.uuid('actor_id').references('id').inTable('users');
    t.text('reason');
    t.timestamp('at', tz).notNullable().defaultTo(knex.fn.now());
    t.index(['delivery_id']);
  });

  await knex.schema.createTable('idempotency_keys', (t) => {
    t.uuid('user_id').notNullable();
    t.string('key', 200).notNullable();
    t.string('request_hash', 64).notNullable();
    t.integer('status').notNullable();
    t.jsonb('response').notNullable();
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'key']);
  });

  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.string('type', 32).notNullable();
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.timestamp('read_at', tz);
    t.index(['user_id', 'id']);
  });

  await knex.schema.createTable('jobs', (t) => {
    t.bigIncrements('id');
    t.string('kind', 40).notNullable();
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.string('unique_key', 120).unique();
    t.timestamp('run_at', tz).notNullable().defaultTo(knex.fn.now());
    t.timestamp('locked_until', tz);
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('done_at', tz);
    t.index(['done_at', 'run_at']);
  });

  await knex.schema.createTable('trust_anchors', (t) => {
    t.uuid('id').primary();
    t.string('fingerprint', 64).notNullable().unique();
    t.text('subject').notNullable();
    t.text('pem').notNullable();
    t.uuid('added_by').references('id').inTable('users');
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
  });

  // Private keys never rest in clear: sealed with AES-256-GCM under a key derived from the user's PIN
  // (personal certificates) or from the server secret (agency seal).
  await knex.schema.createTable('signing_keys', (t) => {
    t.uuid('id').primary();
    t.string('owner_type', 12).notNullable(); // user | organization
    t.uuid('owner_id').notNullable();
    t.text('certificate_pem').notNullable();
    t.specificType('chain_pem', 'text[]').notNullable().defaultTo('{}');
    t.text('subject').notNullable();
    t.timestamp('not_after', tz).notNullable();
    t.text('sealed_key').notNullable();
    t.integer('failed_pins').notNullable().defaultTo(0);
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.unique(['owner_type', 'owner_id']);
  });

  await knex.schema.createTable('signing_sessions', (t) => {
    t.uuid('id').primary();
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.string('prepared_key', 64).notNullable();
    t.jsonb('state').notNullable();
    t.timestamp('expires_at', tz).notNullable();
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'signing_sessions', 'signing_keys', 'trust_anchors', 'jobs', 'notifications', 'idempotency_keys', 'delivery_events', 'deliveries',
    'assignment_updates', 'assignments', 'directions', 'document_comments', 'document_versions', 'documents', 'register_counters', 'registers',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('organizations', (t) => t.dropColumn('seal_image_key'));
}
