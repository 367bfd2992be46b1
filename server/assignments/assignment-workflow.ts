import type { Actor } from '../shared/actor';
import { allowedActions, requireTransition, type AllowedAction, type TransitionContext, type TransitionTable } from '../shared/transitions';
import type { AssignmentRow, AssignmentStatus } from './assignments.repository';

/**
 * Who may do what with an assignment (nhiệm vụ), in which state. The assignee — the person, or a
 * member of the unit it was given to — reports progress until it is complete. The document follows
 * its assignments (directed → in progress → completed) in update-assignment.ts.
 */
export interface AssignmentContext extends TransitionContext<AssignmentStatus> {
  /** The actor is the assignee, or a member of the assigned unit. */
  mine: boolean;
}

export const assignmentStatusNames: Record<AssignmentStatus, string> = { assigned: 'Chưa xử lý', in_progress: 'Đang xử lý', completed: 'Đã hoàn thành' };

export type AssignmentAction = 'progress' | 'complete';

export const assignmentTable: TransitionTable<AssignmentStatus, AssignmentAction, AssignmentContext> = [
  { action: 'progress', label: 'Cập nhật tiến độ', from: ['assigned', 'in_progress'], to: 'in_progress', roles: [], relation: (ctx) => ctx.mine, forbiddenText: 'Nhiệm vụ này không giao cho bạn' },
  { action: 'complete', label: 'Hoàn thành', from: ['assigned', 'in_progress'], to: 'completed', roles: [], relation: (ctx) => ctx.mine, forbiddenText: 'Nhiệm vụ này không giao cho bạn' },
];

type AssignmentSubject = Pick<AssignmentRow, 'status' | 'assignee_user_id' | 'assignee_unit_id'>;

export function assignmentContext(a: AssignmentSubject, actor: Pick<Actor, 'userId' | 'roles'>, actorUnitId: string | null): AssignmentContext {
  const mine = a.assignee_user_id === actor.userId || (a.assignee_unit_id !== null && a.assignee_unit_id === actorUnitId);
  return { state: a.status, stateText: assignmentStatusNames[a.status], roles: actor.roles, mine };
}

export function requireAssignmentTransition(a: AssignmentSubject, actor: Pick<Actor, 'userId' | 'roles'>, actorUnitId: string | null, action: AssignmentAction): AssignmentStatus {
  return requireTransition(assignmentTable, action, assignmentContext(a, actor, actorUnitId));
}

export function assignmentActions(a: AssignmentSubject, actor: Pick<Actor, 'userId' | 'roles'>, actorUnitId: string | null): AllowedAction<AssignmentAction>[] {
  return allowedActions(assignmentTable, assignmentContext(a, actor, actorUnitId));
}
