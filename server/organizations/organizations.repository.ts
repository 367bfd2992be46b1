import type { Knex } from 'knex';
import type { OrgLevel } from './org-code';
import { jsonColumn } from '../db/json-column';
import { prepared } from '../db/prepared';

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
  /** Set when the organisation was merged into another (its code then lives on in the survivor's history). */
  merged_into_id?: string | null;
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
  const rows: OrganizationRow[] = await prepared(db<OrganizationRow>('organizations').whereRaw('code IN (SELECT jsonb_array_elements_text(?::jsonb))', [JSON.stringify(codes)]));
  return new Map(rows.map((o) => [o.code, o]));
}

export const findOrganizationsByIds = (db: Knex, ids: readonly string[]): Promise<OrganizationRow[]> => (ids.length ? db<OrganizationRow>('organizations').whereIn('id', [...ids]) : Promise.resolve([]));

export const findOrganizationById = (db: Knex, id: string): Promise<OrganizationRow | undefined> =>
  prepared(db<OrganizationRow>('organizations').where({ id }).first());

/**
 * What issuing needs of the issuing agency, in one round trip: its row, the drafting unit (its abbreviation goes into
 * the symbol) and the codes of the document types its catalogue keeps in use (for `docTypeAllowed`).
 */
export async function findIssuer(db: Knex, organizationId: string, unitId: string | null): Promise<{ org: OrganizationRow; unit: UnitRow | undefined; docTypesInUse: string[] } | undefined> {
  const result = await prepared(db.raw(
    `SELECT o.*,
            (SELECT to_jsonb(u) FROM units u WHERE u.id = ?::uuid) AS "issuer__unit",
            (SELECT coalesce(json_agg(c.code), '[]'::json) FROM catalog_entries c WHERE c.organization_id = o.id AND c.kind = 'doc_type' AND c.active) AS "issuer__doc_types"
       FROM organizations o WHERE o.id = ?`,
    [unitId, organizationId],
  ));
  const row = result.rows[0] as (OrganizationRow & { issuer__unit: UnitRow | string | null; issuer__doc_types: string[] | string }) | undefined;
  if (!row) return undefined;
  const { issuer__unit: unit, issuer__doc_types: docTypes, ...org } = row;
  return { org: org as OrganizationRow, unit: unit === null ? undefined : jsonColumn(unit), docTypesInUse: jsonColumn(docTypes) };
}

export async function insertOrganization(db: Knex, row: Omit<OrganizationRow, 'created_at'>): Promise<OrganizationRow> {
  const [inserted] = await db<OrganizationRow>('organizations').insert(row).returning('*');
  return inserted;
}

/** The living directory: merged organisations no longer receive documents, so pickers never offer them. */
export const listOrganizations = (db: Knex): Promise<OrganizationRow[]> =>
  db<OrganizationRow>('organizations').whereNull('merged_into_id').orderBy('code');

export const searchOrganizations = (db: Knex, text: string, limit: number): Promise<OrganizationRow[]> =>
  db<OrganizationRow>('organizations')
    .whereNull('merged_into_id')
    .andWhere((w) => w.whereILike('name', `%${text}%`).orWhereILike('code', `%${text}%`).orWhereILike('abbreviation', `%${text}%`))
    .orderBy('code')
    .limit(limit);

export const lockOrganizationByCode = (trx: Knex.Transaction, code: string): Promise<OrganizationRow | undefined> =>
  trx<OrganizationRow>('organizations').where({ code }).forUpdate().first();

export const listChildren = (db: Knex, organizationId: string): Promise<OrganizationRow[]> =>
  db<OrganizationRow>('organizations').where({ parent_id: organizationId }).orderBy('code');

export async function updateOrganization(db: Knex, id: string, changes: Partial<Pick<OrganizationRow, 'name' | 'abbreviation' | 'level' | 'parent_id' | 'merged_into_id'>>): Promise<void> {
  await db('organizations').where({ id }).update(changes);
}

/** History of an agency: codes merged into it or replaced ('merged', 'recoded'), its own former names ('renamed'). */
export async function addCodeHistory(db: Knex, row: { organization_id: string; code: string; name: string; abbreviation?: string; reason: 'merged' | 'recoded' | 'renamed' }): Promise<void> {
  await db('organization_code_history').insert(row);
}

/** A merged organisation's own former codes follow it into the survivor; so do the ones merged into it before. */
export async function moveMergeHistory(db: Knex, fromId: string, toId: string): Promise<void> {
  await db('organization_code_history').where({ organization_id: fromId }).update({ organization_id: toId });
  await db('organizations').where({ merged_into_id: fromId }).update({ merged_into_id: toId });
}

export const listCodeHistory = (db: Knex, organizationId: string): Promise<{ code: string; name: string; abbreviation: string | null; reason: string; at: Date }[]> =>
  db('organization_code_history').where({ organization_id: organizationId }).orderBy('id').select('code', 'name', 'abbreviation', 'reason', 'at');

export interface OrganizationListRow extends OrganizationRow {
  parent_code: string | null;
  parent_name: string | null;
  merged_into_code: string | null;
  user_count: string | number;
}

/** The administrator's list: searchable by name, code, abbreviation, a former code or a former name; filtered by level and state; paged. */
export async function pageOrganizations(
  db: Knex,
  filter: { q?: string; level?: string; parentCode?: string; merged?: boolean },
  limit: number,
  offset: number,
): Promise<{ rows: OrganizationListRow[]; total: number }> {
  const base = db('organizations as o');
  if (filter.q) {
    const like = `%${filter.q}%`;
    base.andWhere((w) =>
      w
        .whereILike('o.name', like)
        .orWhereILike('o.code', like)
        .orWhereILike('o.abbreviation', like)
        .orWhereExists(db('organization_code_history as h').whereRaw('h.organization_id = o.id').andWhere((h) => h.whereILike('h.code', like).orWhereILike('h.name', like))),
    );
  }
  if (filter.level) base.andWhere('o.level', filter.level);
  if (filter.parentCode) base.andWhere('o.parent_id', db('organizations').select('id').where({ code: filter.parentCode }));
  if (filter.merged !== undefined) base.andWhere((w) => (filter.merged ? w.whereNotNull('o.merged_into_id') : w.whereNull('o.merged_into_id')));
  const [rows, count] = await Promise.all([
    base
      .clone()
      .leftJoin('organizations as p', 'p.id', 'o.parent_id')
      .leftJoin('organizations as m', 'm.id', 'o.merged_into_id')
      .select('o.*', 'p.code as parent_code', 'p.name as parent_name', 'm.code as merged_into_code')
      .select(db.raw('(SELECT count(*) FROM users u WHERE u.organization_id = o.id) AS user_count'))
      .orderBy('o.code')
      .limit(limit)
      .offset(offset),
    base.clone().count<{ count: string }[]>({ count: '*' }),
  ]);
  return { rows: rows as OrganizationListRow[], total: Number(count[0].count) };
}

export const listUnits = (db: Knex, organizationId: string): Promise<UnitRow[]> =>
  db<UnitRow>('units').where({ organization_id: organizationId }).orderBy('abbreviation');

export const findUnitByAbbreviation = (db: Knex, organizationId: string, abbreviation: string): Promise<UnitRow | undefined> =>
  db<UnitRow>('units').where({ organization_id: organizationId, abbreviation }).first();

export const findUnitById = (db: Knex, id: string): Promise<UnitRow | undefined> => prepared(db<UnitRow>('units').where({ id }).first());

export async function updateUnit(db: Knex, id: string, changes: Pick<UnitRow, 'name' | 'abbreviation'>): Promise<UnitRow> {
  const [row] = await db<UnitRow>('units').where({ id }).update(changes).returning('*');
  return row;
}

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
