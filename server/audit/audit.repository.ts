import type { Knex } from 'knex';

export interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  organization_id: string | null;
  action: string;
  object_type: string;
  object_id: string;
  summary: string;
  data: unknown;
  prev_hash: string;
  hash: string;
}

/** Locks the chain head until the surrounding transaction ends, so appends form one sequence. */
export async function lockChainHead(trx: Knex.Transaction): Promise<string> {
  const row = await trx('audit_chain_head').where({ id: 1 }).forUpdate().first('hash');
  return row.hash as string;
}

export async function insertAuditEvent(trx: Knex.Transaction, row: Omit<AuditRow, 'id'>): Promise<string> {
  const [id] = await insertAuditEvents(trx, [row]);
  return id;
}

/** Rows already chained in order (each one's prev_hash is the one before's hash); ids follow that order. */
export async function insertAuditEvents(trx: Knex.Transaction, rows: readonly Omit<AuditRow, 'id'>[]): Promise<string[]> {
  const ids: string[] = [];
  if (rows.length === 0) return ids;
  for (let i = 0; i < rows.length; i += 1000) {
    // A multi-row VALUES list takes its sequence values row by row, in list order.
    const inserted: { id: string | number }[] = await trx('audit_events')
      .insert(rows.slice(i, i + 1000).map((row) => ({ ...row, data: row.data === undefined ? null : JSON.stringify(row.data) })))
      .returning('id');
    ids.push(...inserted.map((r) => String(r.id)));
  }
  return ids;
}

export async function updateChainHead(db: Knex, head: { hash: string; eventId: string | null; mac: string | null }): Promise<void> {
  await db('audit_chain_head').where({ id: 1 }).update({ hash: head.hash, event_id: head.eventId, mac: head.mac });
}

export interface ChainHead {
  hash: string;
  eventId: string | null;
  mac: string | null;
}

export async function readKeyedHead(db: Knex): Promise<ChainHead> {
  const row = await db('audit_chain_head').where({ id: 1 }).first('hash', 'event_id', 'mac');
  return { hash: row.hash, eventId: row.event_id === null ? null : String(row.event_id), mac: row.mac };
}

export interface CheckpointRow {
  id: string;
  event_id: string;
  hash: string;
  mac: string;
}

export async function insertCheckpoint(db: Knex, cp: { eventId: string; hash: string; mac: string }): Promise<void> {
  await db('audit_checkpoints').insert({ event_id: cp.eventId, hash: cp.hash, mac: cp.mac });
}

export async function listCheckpoints(db: Knex): Promise<CheckpointRow[]> {
  const rows: CheckpointRow[] = await db('audit_checkpoints').orderBy('event_id');
  return rows.map((r) => ({ ...r, id: String(r.id), event_id: String(r.event_id) }));
}

export async function* streamAuditEvents(db: Knex, batch = 1000): AsyncGenerator<AuditRow> {
  let lastId = '0';
  for (;;) {
    const rows: AuditRow[] = await db('audit_events').where('id', '>', lastId).orderBy('id').limit(batch);
    if (rows.length === 0) return;
    for (const row of rows) yield row;
    lastId = String(rows[rows.length - 1].id);
  }
}

export async function readChainHead(db: Knex): Promise<string> {
  const row = await db('audit_chain_head').where({ id: 1 }).first('hash');
  return row.hash as string;
}

export async function listAuditEventsFor(db: Knex, objectType: string, objectId: string): Promise<AuditRow[]> {
  return db('audit_events').where({ object_type: objectType, object_id: objectId }).orderBy('id');
}
