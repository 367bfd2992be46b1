import type { Knex } from 'knex';

export interface RecipientGroupRow {
  id: string;
  organization_id: string;
  owner_id: string | null;
  name: string;
  organization_codes: string[];
  unit_ids: string[];
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

/** The agency's shared groups and the user's own, by name. */
export const listGroupsFor = (db: Knex, organizationId: string, userId: string): Promise<RecipientGroupRow[]> =>
  db<RecipientGroupRow>('recipient_groups')
    .where({ organization_id: organizationId })
    .andWhere((q) => q.whereNull('owner_id').orWhere({ owner_id: userId }))
    .orderByRaw('owner_id IS NOT NULL, name');

export const findGroup = (db: Knex, id: string): Promise<RecipientGroupRow | undefined> => db<RecipientGroupRow>('recipient_groups').where({ id }).first();

export async function nameTaken(db: Knex, organizationId: string, ownerId: string | null, name: string, exceptId?: string): Promise<boolean> {
  const q = db('recipient_groups').where({ organization_id: organizationId }).whereRaw('lower(name) = lower(?)', [name]);
  if (ownerId) q.andWhere({ owner_id: ownerId });
  else q.whereNull('owner_id');
  if (exceptId) q.whereNot({ id: exceptId });
  return Boolean(await q.first('id'));
}

export async function insertGroup(db: Knex, row: Omit<RecipientGroupRow, 'created_at' | 'updated_at'>): Promise<RecipientGroupRow> {
  const [inserted] = await db<RecipientGroupRow>('recipient_groups').insert(row).returning('*');
  return inserted;
}

export async function updateGroup(db: Knex, id: string, changes: Pick<RecipientGroupRow, 'name' | 'organization_codes' | 'unit_ids' | 'owner_id'>): Promise<RecipientGroupRow> {
  const [updated] = await db<RecipientGroupRow>('recipient_groups').where({ id }).update({ ...changes, updated_at: db.fn.now() as unknown as Date }).returning('*');
  return updated;
}

export async function deleteGroup(db: Knex, id: string): Promise<void> {
  await db('recipient_groups').where({ id }).delete();
}

export const organizationsByCodes = (db: Knex, codes: string[]): Promise<{ id: string; code: string; name: string }[]> =>
  codes.length ? db('organizations').select('id', 'code', 'name').whereIn('code', codes) : Promise.resolve([]);

export const unitsByIds = (db: Knex, ids: string[]): Promise<{ id: string; organization_id: string; name: string; abbreviation: string }[]> =>
  ids.length ? db('units').select('id', 'organization_id', 'name', 'abbreviation').whereIn('id', ids) : Promise.resolve([]);
