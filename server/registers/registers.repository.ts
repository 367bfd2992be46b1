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
  await trx('register_counters').insert({ register_id: registerId, year, last_number: 0 }).onConflict(['register_id', 'year']).ignore();
  const [row] = await trx('register_counters')
    .where({ register_id: registerId, year })
    .increment('last_number', 1)
    .returning('last_number');
  return Number(row.last_number);
}
