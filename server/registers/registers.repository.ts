import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

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
