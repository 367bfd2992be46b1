import type { Knex } from 'knex';

/** Rows of an incoming register for a period, with the lead assignee and the date it was passed on. */
export const incomingEntries = (db: Knex, registerId: string, from: Date, to: Date) =>
  db('documents as d')
    .where({ 'd.register_id': registerId, 'd.direction': 'incoming' })
    .whereNotNull('d.arrival_number')
    .andWhere('d.arrival_at', '>=', from)
    .andWhere('d.arrival_at', '<', to)
    .orderBy([{ column: 'd.register_year' }, { column: 'd.arrival_number' }])
    .select(
      'd.id', 'd.arrival_at', 'd.arrival_number', 'd.issuer_name', 'd.symbol', 'd.issued_date', 'd.doc_type', 'd.subject', 'd.secrecy', 'd.urgency', 'd.status', 'd.source',
      db.raw(`(SELECT coalesce(u.full_name, n.name) FROM assignments a LEFT JOIN users u ON u.id = a.assignee_user_id LEFT JOIN units n ON n.id = a.assignee_unit_id
               WHERE a.document_id = d.id AND a.role = 'lead' ORDER BY a.created_at LIMIT 1) AS lead_name`),
      db.raw('(SELECT min(r.created_at) FROM directions r WHERE r.document_id = d.id) AS transferred_at'),
    );

/** Rows of an outgoing register for a period, with signer, recipients and the drafting unit keeping the file copy. */
export const outgoingEntries = (db: Knex, registerId: string, from: Date, to: Date) =>
  db('documents as d')
    .leftJoin('users as s', 's.id', 'd.signed_by')
    .leftJoin('units as n', 'n.id', 'd.drafting_unit_id')
    .where({ 'd.register_id': registerId, 'd.direction': 'outgoing' })
    .whereNotNull('d.number')
    .andWhere('d.issued_at', '>=', from)
    .andWhere('d.issued_at', '<', to)
    .orderBy([{ column: 'd.register_year' }, { column: 'd.number' }])
    .select(
      'd.id', 'd.number', 'd.symbol', 'd.issued_date', 'd.issued_at', 'd.doc_type', 'd.subject', 'd.secrecy', 'd.status', 'd.recipient_codes', 'd.replaces_document_id',
      's.full_name as signer_name', 'n.name as unit_name',
      db.raw('(SELECT string_agg(o.name, \'; \' ORDER BY o.code) FROM organizations o WHERE o.code = ANY(d.recipient_codes)) AS recipient_names'),
    );

/** Follow-up register (sổ theo dõi giải quyết): assignments of incoming documents in a period. */
export const followUpEntries = (db: Knex, organizationId: string, from: Date, to: Date) =>
  db('assignments as a')
    .join('documents as d', 'd.id', 'a.document_id')
    .leftJoin('users as u', 'u.id', 'a.assignee_user_id')
    .leftJoin('units as n', 'n.id', 'a.assignee_unit_id')
    .where({ 'a.organization_id': organizationId })
    .whereNot('a.role', 'inform')
    .andWhere('a.created_at', '>=', from)
    .andWhere('a.created_at', '<', to)
    .orderBy([{ column: 'd.arrival_number' }, { column: 'a.created_at' }])
    .select('a.id', 'a.role', 'a.deadline', 'a.status', 'a.percent', 'a.overdue', 'a.completed_at', 'a.result', 'd.arrival_number', 'd.symbol', 'd.issuer_name', 'd.subject', db.raw('coalesce(u.full_name, n.name) as assignee_name'),
      db.raw("(SELECT string_agg(r.symbol, '; ' ORDER BY r.number) FROM document_answers x JOIN documents r ON r.id = x.reply_id WHERE x.incoming_id = d.id AND r.symbol IS NOT NULL) AS reply_symbols"));
