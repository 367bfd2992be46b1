import { assigneeSchema, type AssigneeInput } from '../contract/assignments';
import type { Knex } from 'knex';
import { AppError } from '../shared/errors';
import { findUnitById } from '../organizations/organizations.repository';
import { findUserById } from '../users/users.repository';
import { unitMemberIds } from './assignments.repository';

export { assigneeSchema, type AssigneeInput };

export interface ResolvedAssignee {
  userId: string | null;
  unitId: string | null;
  name: string;
  /** Who is told about the assignment: the person, or every member of the unit. */
  notifyIds: string[];
}

export async function resolveAssignee(db: Knex, organizationId: string, input: AssigneeInput): Promise<ResolvedAssignee> {
  if ('userId' in input) {
    const user = await findUserById(db, input.userId);
    if (!user || user.organization_id !== organizationId) throw new AppError('USER_NOT_FOUND', 'Người được giao không thuộc cơ quan');
    return { userId: user.id, unitId: null, name: user.full_name, notifyIds: [user.id] };
  }
  const unit = await findUnitById(db, input.unitId);
  if (!unit || unit.organization_id !== organizationId) throw new AppError('NOT_FOUND', 'Đơn vị được giao không thuộc cơ quan');
  return { userId: null, unitId: unit.id, name: unit.name, notifyIds: await unitMemberIds(db, unit.id) };
}
