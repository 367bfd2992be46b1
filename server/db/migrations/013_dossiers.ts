import type { Knex } from 'knex';

const tz = { useTz: true } as const;

/** Replies that answer incoming documents, consultations on drafts, work dossiers, the file plan and archive hand-overs. */
export async function up(knex: Knex): Promise<void> {
  // A draft written as the answer to incoming documents (many to many).
  await knex.schema.createTable('document_answers', (t) => {
    t.uuid('reply_id').notNullable().references('id').inTable('documents');
    t.uuid('incoming_id').notNullable().references('id').inTable('documents');
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.primary(['reply_id', 'incoming_id']);
    t.index(['incoming_id']);
  });

  // Xin ý kiến: the drafter asks a person or a unit for an opinion on a draft by a deadline.
  await knex.schema.createTable('consultations', (t) => {
    t.uuid('id').primary();
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.uuid('requested_by').notNullable().references('id').inTable('users');
    t.uuid('target_user_id').references('id').inTable('users');
    t.uuid('target_unit_id').references('id').inTable('units');
    t.text('question').notNullable();
    t.date('deadline');
    t.text('answer');
    t.uuid('answered_by').references('id').inTable('users');
    t.timestamp('answered_at', tz);
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.index(['document_id']);
    t.index(['target_user_id', 'answered_at']);
  });

  // Danh mục hồ sơ: the agency's yearly file plan.
  await knex.schema.createTable('file_plan_items', (t) => {
    t.uuid('id').primary();
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.integer('year').notNullable();
    t.string('code', 40).notNullable();
    t.string('title', 500).notNullable();
    /** Retention in years; null = permanent (vĩnh viễn). */
    t.integer('retention_years');
    t.uuid('responsible_user_id').references('id').inTable('users');
    t.uuid('unit_id').references('id').inTable('units');
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.unique(['organization_id', 'year', 'code']);
  });

  await knex.schema.createTable('archive_transfers', (t) => {
    t.uuid('id').primary();
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.integer('year').notNullable();
    t.string('package_key', 64).notNullable();
    t.bigInteger('package_size').notNullable();
    t.string('package_sha256', 64).notNullable();
    t.integer('dossier_count').notNullable();
    t.uuid('handed_by').notNullable().references('id').inTable('users');
    t.timestamp('handed_at', tz).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('dossiers', (t) => {
    t.uuid('id').primary();
    t.uuid('organization_id').notNullable().references('id').inTable('organizations');
    t.uuid('parent_id').references('id').inTable('dossiers');
    t.uuid('file_plan_item_id').references('id').inTable('file_plan_items');
    t.string('code', 60);
    t.string('title', 500).notNullable();
    t.string('field', 200);
    t.date('opened_on').notNullable();
    t.date('deadline');
    t.uuid('owner_id').notNullable().references('id').inTable('users');
    t.uuid('approver_id').notNullable().references('id').inTable('users');
    t.jsonb('coordinator_ids').notNullable().defaultTo('[]');
    t.integer('progress').notNullable().defaultTo(0);
    t.text('notes');
    t.string('status', 16).notNullable();
    t.text('status_reason');
    /** Retention copied from the file plan at opening (null with permanent=false: not yet set). */
    t.integer('retention_years');
    t.boolean('permanent').notNullable().defaultTo(false);
    t.date('closed_on');
    t.uuid('archive_transfer_id').references('id').inTable('archive_transfers');
    t.uuid('source_document_id').references('id').inTable('documents');
    t.uuid('created_by').notNullable().references('id').inTable('users');
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', tz).notNullable().defaultTo(knex.fn.now());
    t.index(['organization_id', 'status', 'created_at']);
    t.index(['owner_id', 'status']);
    t.index(['approver_id', 'status']);
  });

  await knex.schema.createTable('dossier_links', (t) => {
    t.uuid('dossier_id').notNullable().references('id').inTable('dossiers');
    t.uuid('document_id').notNullable().references('id').inTable('documents');
    t.uuid('added_by').notNullable().references('id').inTable('users');
    t.timestamp('added_at', tz).notNullable().defaultTo(knex.fn.now());
    t.primary(['dossier_id', 'document_id']);
    t.index(['document_id']);
  });

  await knex.schema.createTable('dossier_attachments', (t) => {
    t.uuid('id').primary();
    t.uuid('dossier_id').notNullable().references('id').inTable('dossiers');
    t.string('file_key', 64).notNullable();
    t.string('file_name', 255).notNullable();
    t.bigInteger('size').notNullable();
    t.string('sha256', 64).notNullable();
    t.uuid('signed_by').references('id').inTable('users');
    t.timestamp('signed_at', tz);
    t.uuid('added_by').notNullable().references('id').inTable('users');
    t.timestamp('added_at', tz).notNullable().defaultTo(knex.fn.now());
    t.index(['dossier_id']);
  });

  await knex.schema.createTable('dossier_opinions', (t) => {
    t.uuid('id').primary();
    t.uuid('dossier_id').notNullable().references('id').inTable('dossiers');
    t.uuid('author_id').notNullable().references('id').inTable('users');
    t.text('body').notNullable();
    t.uuid('forwarded_to').references('id').inTable('users');
    t.uuid('forwarded_from').references('id').inTable('dossier_opinions');
    t.timestamp('created_at', tz).notNullable().defaultTo(knex.fn.now());
    t.index(['dossier_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['dossier_opinions', 'dossier_attachments', 'dossier_links', 'dossiers', 'archive_transfers', 'file_plan_items', 'consultations', 'document_answers']) {
    await knex.schema.dropTableIfExists(table);
  }
}
