import type { Knex } from 'knex';

const tz = { useTz: true } as const;

export async function up(knex: Knex): Promise<void> {
  // Organisations hosted by another system, reached through the national exchange axis.
  await knex.schema.alterTable('organizations', (t) => {
    t.boolean('external').notNullable().defaultTo(false);
  });
  // The edXML DocumentId of a document that came in (on the sender's stand-in row) or went out.
  await knex.schema.alterTable('documents', (t) => {
    t.string('edxml_document_id', 300);
  });
  await knex.raw('CREATE UNIQUE INDEX documents_edxml_id ON documents (organization_id, edxml_document_id) WHERE edxml_document_id IS NOT NULL');

  // Everything handed to the axis: packages and status messages, retried by jobs, dead when given up.
  await knex.schema.createTable('exchange_outbox', (t) => {
    t.uuid('id').primary();
    t.string('kind', 8).notNullable(); // package | status
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.uuid('recipient_org_id').notNullable().references('id').inTable('organizations');
    t.string('sender_code', 35).notNullable();
    t.string('recipient_code', 35).notNullable();
    t.string('edxml_document_id', 300).notNullable();
    t.string('status_code', 2).notNullable().defaultTo(''); // '' for a package
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.string('state', 8).notNullable().defaultTo('pending'); // pending | sent | dead
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.string('axis_id', 100);
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', tz).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', tz);
    // Idempotent on DocumentId + sender (+ recipient, + status code for a status message).
    t.unique(['kind', 'edxml_document_id', 'sender_code', 'recipient_code', 'status_code']);
    t.index(['state', 'updated_at']);
  });

  // Every attachment of an exchanged package, byte for byte (the first PDF is also the document's file).
  await knex.schema.createTable('exchange_attachments', (t) => {
    t.bigIncrements('id');
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.integer('position').notNullable();
    t.string('content_id', 200).notNullable();
    t.string('name', 255).notNullable();
    t.string('content_type', 120).notNullable();
    t.string('file_key', 64).notNullable();
    t.bigInteger('size').notNullable();
    t.unique(['document_id', 'position']);
  });

  // What came from the axis and what became of it (received once: the axis id is unique).
  await knex.schema.createTable('exchange_inbox', (t) => {
    t.bigIncrements('id');
    t.string('axis_id', 100).notNullable().unique();
    t.string('kind', 8);
    t.string('sender_code', 35);
    t.string('edxml_document_id', 300);
    t.string('outcome', 12).notNullable(); // applied | refused
    t.string('error_code', 60);
    t.text('error_message');
    t.timestamp('received_at', tz).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('exchange_inbox');
  await knex.schema.dropTableIfExists('exchange_attachments');
  await knex.schema.dropTableIfExists('exchange_outbox');
  await knex.raw('DROP INDEX IF EXISTS documents_edxml_id');
  await knex.schema.alterTable('documents', (t) => t.dropColumn('edxml_document_id'));
  await knex.schema.alterTable('organizations', (t) => t.dropColumn('external'));
}
