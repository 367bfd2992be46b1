import type { Knex } from 'knex';
import { jsonColumn } from '../db/json-column';
import { prepared } from '../db/prepared';

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

/**
 * Appends rows already chained from `prevHash` and moves the head to `head`, in one statement — if
 * the head is still `prevHash`. The UPDATE takes the head row's lock like `lockChainHead` (an
 * appender that holds it makes this wait until it ends, then the condition is re-checked against
 * the head it committed), and the rows are inserted only if it matched. Returns the new ids in chain
 * order, or null when the head had moved: nothing was written and the lock is not held.
 */
export async function appendIfHeadIs(
  trx: Knex.Transaction,
  prevHash: string,
  rows: readonly Omit<AuditRow, 'id'>[],
  head: { hash: string; eventId: string | null; mac: string | null },
): Promise<string[] | null> {
  const payload = JSON.stringify(rows.map((row) => ({ ...row, at: row.at.toISOString(), data: row.data ?? null })));
  // ORDER BY the list position: the insert takes its sequence values in that order, so ids follow the chain.
  const result = await prepared(trx.raw(
    `WITH head AS (
        UPDATE audit_chain_head SET hash = ?, event_id = ?::bigint, mac = ? WHERE id = 1 AND hash = ? RETURNING id
      ), ins AS (
        INSERT INTO audit_events (at, actor_id, organization_id, action, object_type, object_id, summary, data, prev_hash, hash)
        SELECT (e.r->>'at')::timestamptz, (e.r->>'actor_id')::uuid, (e.r->>'organization_id')::uuid, e.r->>'action', e.r->>'object_type',
               e.r->>'object_id', e.r->>'summary', e.r->'data', e.r->>'prev_hash', e.r->>'hash'
          FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS e(r, ord)
         WHERE EXISTS (SELECT 1 FROM head)
         ORDER BY e.ord
        RETURNING id
      )
      SELECT (SELECT count(*) FROM head) AS moved, (SELECT coalesce(json_agg(id ORDER BY id), '[]') FROM ins) AS ids`,
    [head.hash, head.eventId, head.mac, prevHash, payload],
  ));
  const row = result.rows[0] as { moved: string | number; ids: (string | number)[] | string };
  if (Number(row.moved) === 0) return null;
  return jsonColumn(row.ids).map(String);
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
