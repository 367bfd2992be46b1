import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { prepared } from '../db/prepared';

export type RegisterKind = 'incoming' | 'outgoing';

export interface RegisterRow {
  id: string;
  organization_id: string;
  kind: RegisterKind;
  code: string;
  name: string;
  secret: boolean;
  doc_types: string[] | null;
  year_in_symbol: boolean;
}

export const listRegisters = (db: Knex, organizationId: string): Promise<RegisterRow[]> =>
  db<RegisterRow>('registers').where({ organization_id: organizationId }).orderBy(['kind', 'code']);

export const findRegister = (db: Knex, id: string): Promise<RegisterRow | undefined> => db<RegisterRow>('registers').where({ id }).first();

export async function insertRegisterIfMissing(db: Knex, row: Omit<RegisterRow, 'id'>): Promise<void> {
  await db('registers').insert({ id: randomUUID(), ...row }).onConflict(['organization_id', 'code']).ignore();
}

/**
 * Takes the next number of a register for a year. The counter row is locked until the caller's
 * transaction ends, so numbers are unique and gap-free: a rolled-back issue gives its number back.
 */
export async function takeNextNumber(trx: Knex.Transaction, registerId: string, year: number): Promise<number> {
  // One statement: the year's first number creates the counter, any later one increments it under the row's lock.
  const [row] = await trx('register_counters')
    .insert({ register_id: registerId, year, last_number: 1 })
    .onConflict(['register_id', 'year'])
    .merge({ last_number: trx.raw('?? + 1', ['register_counters.last_number']) })
    .returning('last_number');
  return Number(row.last_number);
}

/**
 * `registerFor`'s choice and `takeNextNumber` in one statement: of the organisation's registers of
 * this kind and secrecy, one that names the document type, else the general one (by code, as
 * `registerFor` picks), and the next number of its counter for the year. Undefined when the
 * organisation has no such register yet (the caller creates the defaults and numbers the long way).
 */
export async function takeNumberInRegister(
  trx: Knex.Transaction,
  pick: { organizationId: string; kind: RegisterKind; docType: string; secret: boolean; year: number },
): Promise<{ register: RegisterRow; number: number } | undefined> {
  const result = await prepared(trx.raw(
    `WITH pick AS (
        SELECT r.* FROM registers r
         WHERE r.organization_id = ? AND r.kind = ? AND r.secret = ? AND (r.doc_types IS NULL OR ? = ANY(r.doc_types))
         ORDER BY (r.doc_types IS NULL), r.code LIMIT 1
      ), counter AS (
        INSERT INTO register_counters (register_id, year, last_number) SELECT id, ?, 1 FROM pick
        ON CONFLICT (register_id, year) DO UPDATE SET last_number = register_counters.last_number + 1
        RETURNING last_number
      )
      SELECT pick.*, counter.last_number AS "taken__number" FROM pick CROSS JOIN counter`,
    [pick.organizationId, pick.kind, pick.secret, pick.docType, pick.year],
  ));
  const row = result.rows[0] as (RegisterRow & { taken__number: number | string }) | undefined;
  if (!row) return undefined;
  const { taken__number: number, ...register } = row;
  return { register, number: Number(number) };
}

export interface RegisterNumbering {
  register_id: string;
  last_number: number;
  used: number;
}

/**
 * Where each register of an agency stands in a year: the counter, and how many documents carry a
 * number from it (outgoing numbers or arrival numbers). Read only: the counter moves only inside
 * the transaction that numbers a document, so no screen can open a gap or a duplicate.
 */
export async function registerNumbering(db: Knex, organizationId: string, year: number): Promise<Map<string, RegisterNumbering>> {
  const rows: { register_id: string; last_number: number | null; used: string | number }[] = await db('registers as r')
    .where('r.organization_id', organizationId)
    .leftJoin('register_counters as c', (j) => j.on('c.register_id', '=', 'r.id').andOn('c.year', '=', db.raw('?', [year])))
    .select('r.id as register_id', 'c.last_number')
    .select(
      db.raw(
        '(SELECT count(*) FROM documents d WHERE d.register_id = r.id AND d.register_year = ? AND (d.number IS NOT NULL OR d.arrival_number IS NOT NULL)) AS used',
        [year],
      ),
    );
  return new Map(rows.map((r) => [r.register_id, { register_id: r.register_id, last_number: Number(r.last_number ?? 0), used: Number(r.used) }]));
}
