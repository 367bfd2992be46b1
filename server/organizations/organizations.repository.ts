import type { Knex } from 'knex';
import type { OrgLevel } from './org-code';

export interface OrganizationRow {
  id: string;
  code: string;
  name: string;
  abbreviation: string;
  level: OrgLevel;
  parent_id: string | null;
  seal_image_key?: string | null;
  /** Hosted by another system, reached through the exchange axis (edXML). */
  external?: boolean;
  created_at: Date;
}

export interface UnitRow {
  id: string;
  organization_id: string;
  name: string;
  abbreviation: string;
}

export const findOrganizationByCode = (db: Knex, code: string): Promise<OrganizationRow | undefined> =>
  db<OrganizationRow>('organizations').where({ code }).first();

/** Organisations by code in one query (recipient lists run to a thousand); unknown codes are simply absent. */
export async function findOrganizationsByCodes(db: Knex, codes: readonly string[]): Promise<Map<string, OrganizationRow>> {
  if (codes.length === 0) return new Map();
  const rows: OrganizationRow[] = await db<OrganizationRow>('organizations').whereRaw('code IN (SELECT jsonb_array_elements_text(?::jsonb))', [JSON.stringify(codes)]);
  return new Map(rows.map((o) => [o.code, o]));
}

export const findOrganizationById = (db: Knex, id: string): Promise<OrganizationRow | undefined> =>
  db<OrganizationRow>('organizations').where({ id }).first();

export async function insertOrganization(db: Knex, row: Omit<OrganizationRow, 'created_at'>): Promise<OrganizationRow> {
  const [inserted] = await db<OrganizationRow>('organizations').insert(row).returning('*');
  return inserted;
}

export const listOrganizations = (db: Knex): Promise<OrganizationRow[]> =>
  db<OrganizationRow>('organizations').orderBy('code');

export const searchOrganizations = (db: Knex, text: string, limit: number): Promise<OrganizationRow[]> =>
  db<OrganizationRow>('organizations')
    .whereILike('name', `%${text}%`)
    .orWhereILike('code', `%${text}%`)
    .orWhereILike('abbreviation', `%${text}%`)
    .orderBy('code')
    .limit(limit);

export const listUnits = (db: Knex, organizationId: string): Promise<UnitRow[]> =>
  db<UnitRow>('units').where({ organization_id: organizationId }).orderBy('abbreviation');

export const findUnitByAbbreviation = (db: Knex, organizationId: string, abbreviation: string): Promise<UnitRow | undefined> =>
  db<UnitRow>('units').where({ organization_id: organizationId, abbreviation }).first();

export const findUnitById = (db: Knex, id: string): Promise<UnitRow | undefined> => db<UnitRow>('units').where({ id }).first();

export async function insertUnit(db: Knex, row: UnitRow): Promise<UnitRow> {
  const [inserted] = await db<UnitRow>('units').insert(row).returning('*');
  return inserted;
}

export const countOrganizations = async (db: Knex): Promise<number> =>
  Number((await db('organizations').count<{ count: string }[]>({ count: '*' }))[0].count);

/** Every organisation below the given one, at any depth. */
export async function listDescendants(db: Knex, organizationId: string): Promise<OrganizationRow[]> {
  const result = await db.raw(
    `WITH RECURSIVE below AS (
       SELECT * FROM organizations WHERE parent_id = ?
       UNION ALL
       SELECT o.* FROM organizations o JOIN below b ON o.parent_id = b.id
     ) SELECT * FROM below`,
    [organizationId],
  );
  return result.rows as OrganizationRow[];
}

export async function setSealImageKey(db: Knex, organizationId: string, key: string): Promise<void> {
  await db('organizations').where({ id: organizationId }).update({ seal_image_key: key });
}
