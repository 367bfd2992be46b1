import type { Knex } from 'knex';
import { documentRef } from '../document-core/document-ref';
import { findDocument } from '../document-core/documents.repository';
import { inTransaction, type TransactionDeps } from '../shared/unit-of-work';
import { lockNextDueAssignment, namedAssigneesOfDirection, unitMemberIds, updateAssignment, type AssignmentRow } from './assignments.repository';

export const REMIND_BEFORE_HOURS = 24;

/**
 * Who is reminded of an assignment: the person, or the unit's members except those who have their
 * own open work under the same direction (they are reminded through it: one reminder each).
 */
async function assigneesOf(db: Knex, a: AssignmentRow): Promise<string[]> {
  if (a.assignee_user_id) return [a.assignee_user_id];
  if (!a.assignee_unit_id) return [];
  const named = new Set(await namedAssigneesOfDirection(db, a.direction_id));
  return (await unitMemberIds(db, a.assignee_unit_id)).filter((id) => !named.has(id));
}

/**
 * Runs as a recurring job: reminds assignees a day before the deadline and flags overdue work
 * (telling the directing leader too). Each assignment is handled in its own transaction, locked
 * with SKIP LOCKED so that two instances never remind twice.
 */
export async function watchDeadlines(deps: TransactionDeps, now: Date): Promise<{ reminded: number; overdue: number }> {
  let reminded = 0;
  let overdue = 0;
  const soon = new Date(now.getTime() + REMIND_BEFORE_HOURS * 3_600_000);
  for (;;) {
    const done = await inTransaction(deps, async (uow) => {
      const a = await lockNextDueAssignment(uow.trx, now, soon);
      if (!a) return true;
      const doc = (await findDocument(uow.trx, a.document_id))!;
      const isOverdue = new Date(a.deadline!).getTime() < now.getTime();
      const people = await assigneesOf(uow.trx, a);
      if (isOverdue) {
        await updateAssignment(uow.trx, a.id, { overdue: true, reminded_at: a.reminded_at ?? now });
        await uow.notify([...people, ...(doc.leader_id ? [doc.leader_id] : [])], 'deadline:due', { ...documentRef(doc), assignmentId: a.id, deadline: new Date(a.deadline!).toISOString(), overdue: true });
        await uow.audit({ actorId: null, organizationId: a.organization_id, action: 'assignment.overdue', objectType: 'document', objectId: doc.id, summary: `Nhiệm vụ quá hạn xử lý (hạn ${new Date(a.deadline!).toISOString()})`, data: { assignmentId: a.id } });
        overdue += 1;
      } else {
        await updateAssignment(uow.trx, a.id, { reminded_at: now });
        await uow.notify(people, 'deadline:due', { ...documentRef(doc), assignmentId: a.id, deadline: new Date(a.deadline!).toISOString(), overdue: false });
        await uow.audit({ actorId: null, organizationId: a.organization_id, action: 'assignment.remind', objectType: 'document', objectId: doc.id, summary: 'Nhắc hạn xử lý nhiệm vụ', data: { assignmentId: a.id } });
        reminded += 1;
      }
      return false;
    });
    if (done) break;
  }
  return { reminded, overdue };
}
