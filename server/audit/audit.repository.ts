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

export async function insertAuditEvent(trx: Knex.Transaction, row: Omit<AuditRow, 'id'>): Promise<void> {
  await insertAuditEvents(trx, [row]);
}

/** Rows already chained in order (each one's prev_hash is the one before's hash); ids follow that order. */
export async function insertAuditEvents(trx: Knex.Transaction, rows: readonly Omit<AuditRow, 'id'>[]): Promise<void> {
  if (rows.length === 0) return;
  for (let i = 0; i < rows.length; i += 1000) {
    // A multi-row VALUES list takes its sequence values row by row, in list order.
    await trx('audit_events').insert(rows.slice(i, i + 1000).map((row) => ({ ...row, data: row.data === undefined ? null : JSON.stringify(row.data) })));
  }
  await trx('audit_chain_head').where({ id: 1 }).update({ hash: rows[rows.length - 1].hash });
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
