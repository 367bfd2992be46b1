import type { Knex } from 'knex';
import type { Actor } from '../shared/actor';
import type { DocumentRow } from './documents.repository';
import type { AccessFacts, Viewer } from './secret-access';

/** The viewer behind an actor: the unit matters for unit assignments. */
export async function viewerFor(db: Knex, actor: Actor): Promise<Viewer> {
  const user = await db('users').where({ id: actor.userId }).first('unit_id');
  return { userId: actor.userId, organizationId: actor.organizationId, unitId: user?.unit_id ?? null, roles: actor.roles };
}

/**
 * Who is looking, for the SQL rule: the unit is read from the users table in the query itself.
 * `organizationIds`, when given, are the agencies whose documents the viewer's agency holds for
 * reading: itself and the agencies merged into it (see `readableOrganizationIds`).
 */
export type SqlViewer = Pick<Viewer, 'userId' | 'organizationId' | 'roles'> & { organizationIds?: string[] };

/**
 * The agencies whose documents an agency's staff may find and read: its own, and those of the
 * agencies merged into it (2025 reform: the absorbed agency's files pass to the survivor). Merges are
 * flattened (a merge moves the earlier ones to the new survivor), so one level is all there is.
 */
export async function readableOrganizationIds(db: Knex, organizationId: string | null): Promise<string[]> {
  if (!organizationId) return [];
  const absorbed = await db('organizations').where({ merged_into_id: organizationId }).pluck('id');
  return [organizationId, ...absorbed];
}

/** The list viewer of an actor, reading the absorbed agencies' documents too. */
export async function readingViewerOf(db: Knex, actor: Actor): Promise<SqlViewer> {
  return { ...sqlViewerOf(actor), organizationIds: await readableOrganizationIds(db, actor.organizationId) };
}

export const sqlViewerOf = (actor: Actor): SqlViewer => ({ userId: actor.userId, organizationId: actor.organizationId, roles: actor.roles });

/**
 * The rule of secret-access.ts as SQL, for a query over `documents as <alias>`: the organisation,
 * then either not secret, or the viewer is a clerk, or takes part. Keep the two in step.
 */
export function whereVisibleTo(qb: Knex.QueryBuilder, viewer: SqlViewer, alias = 'd'): Knex.QueryBuilder {
  const d = alias;
  const u = viewer.userId;
  if (viewer.organizationIds && viewer.organizationIds.length > 1) qb.whereIn(`${d}.organization_id`, viewer.organizationIds);
  else qb.where(`${d}.organization_id`, viewer.organizationId ?? '00000000-0000-0000-0000-000000000000');
  if (viewer.roles.includes('clerk')) return qb;
  return qb.whereRaw(
    `((${d}.secrecy = 'normal' AND (${d}.register_id IS NULL OR ${d}.register_id NOT IN (SELECT r.id FROM registers r WHERE r.secret)))
      OR ? IN (${d}.created_by, ${d}.leader_id, ${d}.signed_by, ${d}.issued_by)
      OR EXISTS (SELECT 1 FROM directions x WHERE x.document_id = ${d}.id AND x.leader_id = ?)
      OR EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = ${d}.id AND (a.assignee_user_id = ? OR a.assignee_unit_id = (SELECT uu.unit_id FROM users uu WHERE uu.id = ?)))
      OR EXISTS (SELECT 1 FROM internal_deliveries i WHERE i.document_id = ${d}.id AND i.user_id = ?)
      OR EXISTS (SELECT 1 FROM document_access_grants g WHERE g.document_id = ${d}.id AND g.user_id = ?))`,
    [u, u, u, u, u, u],
  );
}

const ids = (rows: Record<string, string | null>[], key: string): string[] => rows.map((r) => r[key]).filter((x): x is string => Boolean(x));

export async function isInSecretRegister(db: Knex, registerId: string | null): Promise<boolean> {
  if (!registerId) return false;
  const register = await db('registers').where({ id: registerId }).first('secret');
  return Boolean(register?.secret);
}

/** Everything the rule needs about one document. */
export async function loadAccessFacts(db: Knex, doc: DocumentRow): Promise<AccessFacts> {
  // One after another: `db` may be a transaction, whose single connection runs one query at a time.
  const inSecretRegister = await isInSecretRegister(db, doc.register_id);
  const directions = await db('directions').where({ document_id: doc.id }).select('leader_id');
  const assignments = await db('assignments').where({ document_id: doc.id }).select('assignee_user_id', 'assignee_unit_id');
  const internal = await db('internal_deliveries').where({ document_id: doc.id }).select('user_id');
  const grants = await db('document_access_grants').where({ document_id: doc.id }).select('user_id');
  return {
    organizationId: doc.organization_id,
    secrecy: doc.secrecy,
    inSecretRegister,
    createdBy: doc.created_by,
    leaderId: doc.leader_id,
    signedBy: doc.signed_by,
    issuedBy: doc.issued_by,
    directingLeaderIds: ids(directions, 'leader_id'),
    assigneeUserIds: ids(assignments, 'assignee_user_id'),
    assigneeUnitIds: ids(assignments, 'assignee_unit_id'),
    internalRecipientIds: ids(internal, 'user_id'),
    grantedUserIds: ids(grants, 'user_id'),
  };
}

export interface GrantRow {
  document_id: string;
  user_id: string;
  granted_by: string;
  created_at: Date;
}

export async function insertGrant(db: Knex, row: Omit<GrantRow, 'created_at'>): Promise<boolean> {
  const inserted = await db('document_access_grants').insert(row).onConflict(['document_id', 'user_id']).ignore().returning('user_id');
  return inserted.length > 0;
}

export const deleteGrant = (db: Knex, documentId: string, userId: string): Promise<number> =>
  db('document_access_grants').where({ document_id: documentId, user_id: userId }).delete();

export const listGrants = (db: Knex, documentId: string) =>
  db('document_access_grants as g')
    .join('users as u', 'u.id', 'g.user_id')
    .join('users as b', 'b.id', 'g.granted_by')
    .where({ 'g.document_id': documentId })
    .orderBy('g.created_at')
    .select('g.user_id', 'u.full_name as user_name', 'g.granted_by', 'b.full_name as granted_by_name', 'g.created_at');

/** The subset of `documentIds` the viewer may see (the inbox filters its sections through it). */
export async function visibleDocumentIds(db: Knex, viewer: SqlViewer, documentIds: string[]): Promise<Set<string>> {
  if (documentIds.length === 0) return new Set();
  const rows = await whereVisibleTo(db('documents as d').whereIn('d.id', [...new Set(documentIds)]), viewer).select('d.id');
  return new Set(rows.map((r: { id: string }) => r.id));
}
