import type { Knex } from 'knex';

export type AssignmentRole = 'lead' | 'coordinate' | 'inform';
export type AssignmentStatus = 'assigned' | 'in_progress' | 'completed';

export interface AssignmentRow {
  id: string;
  document_id: string;
  direction_id: string;
  organization_id: string;
  role: AssignmentRole;
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  deadline: Date | null;
  status: AssignmentStatus;
  percent: number;
  result: string | null;
  result_file_keys: string[];
  completed_at: Date | null;
  overdue: boolean;
  reminded_at: Date | null;
  created_at: Date;
}

export async function insertDirection(db: Knex, row: { id: string; document_id: string; leader_id: string; instruction: string; deadline: Date | null }): Promise<void> {
  await db('directions').insert(row);
}

export async function insertAssignment(db: Knex, row: Omit<AssignmentRow, 'created_at' | 'percent' | 'result' | 'result_file_keys' | 'completed_at' | 'overdue' | 'reminded_at'>): Promise<AssignmentRow> {
  const [inserted] = await db<AssignmentRow>('assignments').insert(row).returning('*');
  return inserted;
}

export const lockAssignment = (trx: Knex.Transaction, id: string): Promise<AssignmentRow | undefined> =>
  trx<AssignmentRow>('assignments').where({ id }).forUpdate().first();

export async function updateAssignment(db: Knex, id: string, changes: Partial<AssignmentRow>): Promise<AssignmentRow> {
  const [row] = await db<AssignmentRow>('assignments').where({ id }).update(changes).returning('*');
  return row;
}

export async function insertAssignmentUpdate(db: Knex, row: { id: string; assignment_id: string; author_id: string; note: string; percent: number | null }): Promise<void> {
  await db('assignment_updates').insert(row);
}

export const listAssignmentsOf = (db: Knex, documentId: string) =>
  db('assignments as a')
    .leftJoin('users as u', 'u.id', 'a.assignee_user_id')
    .leftJoin('units as n', 'n.id', 'a.assignee_unit_id')
    .where({ 'a.document_id': documentId })
    .orderBy([{ column: 'a.created_at' }, { column: 'a.role' }])
    .select('a.*', 'u.full_name as user_name', 'n.name as unit_name');

export const listDirectionsOf = (db: Knex, documentId: string) =>
  db('directions as d').join('users as u', 'u.id', 'd.leader_id').where({ 'd.document_id': documentId }).orderBy('d.created_at').select('d.*', 'u.full_name as leader_name');

export const listUpdatesOf = (db: Knex, assignmentIds: string[]) =>
  db('assignment_updates as x').join('users as u', 'u.id', 'x.author_id').whereIn('x.assignment_id', assignmentIds).orderBy('x.created_at').select('x.*', 'u.full_name as author_name');

export const unitMemberIds = async (db: Knex, unitId: string): Promise<string[]> => (await db('users').where({ unit_id: unitId }).select('id')).map((r) => r.id as string);

/** People given open work by name under one direction (reminders of their unit's work skip them). */
export const namedAssigneesOfDirection = async (db: Knex, directionId: string): Promise<string[]> =>
  (await db('assignments').where({ direction_id: directionId }).whereNotNull('assignee_user_id').whereNot({ status: 'completed' }).whereNot({ role: 'inform' }).select('assignee_user_id')).map((r) => r.assignee_user_id as string);

/** Open work of an assignee: theirs by name or through their unit. */
export const listOpenAssignmentsFor = (db: Knex, userId: string, unitId: string | null) =>
  db('assignments as a')
    .join('documents as d', 'd.id', 'a.document_id')
    .where((q) => {
      q.where('a.assignee_user_id', userId);
      if (unitId) q.orWhere('a.assignee_unit_id', unitId);
    })
    .whereNot('a.status', 'completed')
    .whereNot('a.role', 'inform')
    .orderByRaw('a.deadline asc nulls last')
    .select('a.*', 'd.subject', 'd.symbol', 'd.arrival_number');

export const openAssignmentsOfDocument = (db: Knex, documentId: string): Promise<AssignmentRow[]> =>
  db<AssignmentRow>('assignments').where({ document_id: documentId }).whereNot({ status: 'completed' }).whereNot({ role: 'inform' });

export const assigneesOfDocument = (db: Knex, documentId: string): Promise<Pick<AssignmentRow, 'assignee_user_id' | 'assignee_unit_id'>[]> =>
  db('assignments').where({ document_id: documentId }).select('assignee_user_id', 'assignee_unit_id');

/** The next assignment needing a reminder or an overdue flag, locked; SKIP LOCKED lets instances share the scan. */
export const lockNextDueAssignment = (trx: Knex.Transaction, now: Date, remindFrom: Date): Promise<AssignmentRow | undefined> =>
  trx<AssignmentRow>('assignments')
    .whereNot({ status: 'completed' })
    .whereNot({ role: 'inform' })
    .whereNotNull('deadline')
    .where((q) => q.where((r) => r.where('deadline', '<', now).andWhere({ overdue: false })).orWhere((r) => r.where('deadline', '<=', remindFrom).andWhere('deadline', '>=', now).whereNull('reminded_at')))
    .orderBy('deadline')
    .forUpdate()
    .skipLocked()
    .first();
