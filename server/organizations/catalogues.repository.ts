import type { Knex } from 'knex';
import type { CatalogKind } from '../contract/administration';
import { prepared } from '../db/prepared';

export interface PositionRow {
  id: string;
  organization_id: string;
  name: string;
  rank: number;
}

export interface CatalogRow {
  id: string;
  organization_id: string;
  kind: CatalogKind;
  code: string;
  name: string;
  active: boolean;
}

/** Positions with how many accounts of the agency hold each (users keep the title as text). */
export async function listPositions(db: Knex, organizationId: string): Promise<(PositionRow & { user_count: string | number })[]> {
  return db('positions as p')
    .where('p.organization_id', organizationId)
    .select('p.*', db.raw('(SELECT count(*) FROM users u WHERE u.organization_id = p.organization_id AND u.position = p.name) AS user_count'))
    .orderBy([{ column: 'p.rank' }, { column: 'p.name' }]);
}

export const findPosition = (db: Knex, id: string): Promise<PositionRow | undefined> => db<PositionRow>('positions').where({ id }).first();

export const findPositionByName = (db: Knex, organizationId: string, name: string): Promise<PositionRow | undefined> =>
  db<PositionRow>('positions').where({ organization_id: organizationId }).whereRaw('lower(name) = lower(?)', [name]).first();

export async function insertPosition(db: Knex, row: PositionRow): Promise<PositionRow> {
  const [inserted] = await db<PositionRow>('positions').insert(row).returning('*');
  return inserted;
}

/** Renaming a position renames it on every account that holds it, in the same transaction. */
export async function updatePosition(db: Knex, position: PositionRow, changes: { name?: string; rank?: number }): Promise<number> {
  await db('positions').where({ id: position.id }).update(changes);
  if (!changes.name || changes.name === position.name) return 0;
  return db('users').where({ organization_id: position.organization_id, position: position.name }).update({ position: changes.name });
}

export const listCatalog = (db: Knex, organizationId: string, kind: CatalogKind, activeOnly: boolean): Promise<CatalogRow[]> => {
  const q = db<CatalogRow>('catalog_entries').where({ organization_id: organizationId, kind });
  if (activeOnly) q.andWhere({ active: true });
  return prepared(q.orderBy('name'));
};

export const findCatalogEntry = (db: Knex, id: string): Promise<CatalogRow | undefined> => db<CatalogRow>('catalog_entries').where({ id }).first();

export const findCatalogByCode = (db: Knex, organizationId: string, kind: CatalogKind, code: string): Promise<CatalogRow | undefined> =>
  db<CatalogRow>('catalog_entries').where({ organization_id: organizationId, kind, code }).first();

export async function insertCatalogEntry(db: Knex, row: CatalogRow): Promise<CatalogRow> {
  const [inserted] = await db<CatalogRow>('catalog_entries').insert(row).returning('*');
  return inserted;
}

export async function updateCatalogEntry(db: Knex, id: string, changes: { name?: string; active?: boolean }): Promise<CatalogRow> {
  const [row] = await db<CatalogRow>('catalog_entries').where({ id }).update(changes).returning('*');
  return row;
}
