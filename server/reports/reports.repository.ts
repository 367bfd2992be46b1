import type { Knex } from 'knex';

const n = (row: Record<string, unknown> | undefined, key: string) => Number(row?.[key] ?? 0);

/** Incoming documents received in the period, by how they came. */
export async function incomingCounts(db: Knex, orgId: string, from: Date, to: Date) {
  const row = await db('documents')
    .where({ organization_id: orgId, direction: 'incoming' })
    .whereNotNull('arrival_number')
    .andWhere('arrival_at', '>=', from)
    .andWhere('arrival_at', '<', to)
    .select(db.raw('count(*) AS total'), db.raw("count(*) FILTER (WHERE source = 'electronic') AS electronic"), db.raw("count(*) FILTER (WHERE secrecy <> 'normal') AS secret"))
    .first();
  return { total: n(row, 'total'), electronic: n(row, 'electronic'), secret: n(row, 'secret') };
}

/** Documents issued in the period: signed electronically (a file with signatures) or paper-only (secret). */
export async function outgoingCounts(db: Knex, orgId: string, from: Date, to: Date) {
  const row = await db('documents')
    .where({ organization_id: orgId, direction: 'outgoing' })
    .whereNotNull('number')
    .andWhere('issued_at', '>=', from)
    .andWhere('issued_at', '<', to)
    .select(db.raw('count(*) AS total'), db.raw('count(*) FILTER (WHERE file_key IS NOT NULL AND signed_by IS NOT NULL) AS signed'), db.raw("count(*) FILTER (WHERE cardinality(recipient_codes) > 0 AND secrecy = 'normal') AS sent_electronically"))
    .first();
  return { total: n(row, 'total'), signed: n(row, 'signed'), sentElectronically: n(row, 'sent_electronically') };
}

/** Lead and coordinating work completed in the period, on time or late, and what is overdue now. */
export async function workCounts(db: Knex, orgId: string, from: Date, to: Date, now: Date) {
  const done = await db('assignments')
    .where({ organization_id: orgId, status: 'completed' })
    .whereNot({ role: 'inform' })
    .andWhere('completed_at', '>=', from)
    .andWhere('completed_at', '<', to)
    .select(db.raw('count(*) AS total'), db.raw('count(*) FILTER (WHERE deadline IS NULL OR completed_at <= deadline) AS on_time'))
    .first();
  const open = await db('assignments')
    .where({ organization_id: orgId })
    .whereNot({ status: 'completed' })
    .whereNot({ role: 'inform' })
    .select(db.raw('count(*) AS total'), db.raw('count(*) FILTER (WHERE deadline < ?) AS overdue', [now]))
    .first();
  return { completed: n(done, 'total'), onTime: n(done, 'on_time'), open: n(open, 'total'), overdueOpen: n(open, 'overdue') };
}

/** Electronic exchange by the other side's level: copies sent to, and received from, each level. */
export async function exchangeByLevel(db: Knex, orgId: string, from: Date, to: Date) {
  const sent = await db('deliveries as d')
    .join('organizations as o', 'o.id', 'd.recipient_org_id')
    .where('d.sender_org_id', orgId)
    .andWhere('d.created_at', '>=', from)
    .andWhere('d.created_at', '<', to)
    .groupBy('o.level')
    .select('o.level', db.raw('count(*) AS count'));
  const received = await db('deliveries as d')
    .join('organizations as o', 'o.id', 'd.sender_org_id')
    .where('d.recipient_org_id', orgId)
    .andWhere('d.created_at', '>=', from)
    .andWhere('d.created_at', '<', to)
    .groupBy('o.level')
    .select('o.level', db.raw('count(*) AS count'));
  const toMap = (rows: { level: string; count: unknown }[]) => Object.fromEntries(rows.map((r) => [r.level, Number(r.count)]));
  return { sent: toMap(sent), received: toMap(received) };
}
