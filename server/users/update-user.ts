import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type Actor, ROLES } from '../shared/actor';
import { SIGNING_CAPACITIES } from '../contract/administration';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { findUnitById } from '../organizations/organizations.repository';
import { loadManagedUser } from './managed-user';
import { findUserById, type UserRow } from './users.repository';

export const updateUserSchema = z.object({
  fullName: z.string().trim().min(2).max(200).optional(),
  position: z.string().trim().max(200).optional(),
  unitId: z.uuid().nullable().optional(),
  roles: z.array(z.enum(ROLES)).min(1, 'Cần ít nhất một vai trò').optional(),
  /** Which head this leader signs on behalf of (KT. deputy, TL./TUQ. chief of office, Q. acting); null: in their own name. */
  signsFor: z.object({ userId: z.uuid(), capacity: z.enum(SIGNING_CAPACITIES) }).nullable().optional(),
});

/**
 * The head a leader signs for is a leader of the same agency, not the leader themself, and not
 * someone who in turn signs for them (the chain "A for B, B for A" means nobody signs as head).
 */
async function checkSignsFor(db: Knex, user: UserRow, roles: readonly string[], headId: string): Promise<void> {
  if (!roles.includes('leader')) throw new AppError('SIGNS_FOR_INVALID', 'Chỉ lãnh đạo mới ký thay, ký thừa lệnh cho người khác');
  if (headId === user.id) throw new AppError('SIGNS_FOR_INVALID', 'Không thể ký thay cho chính mình');
  const head = isUuid(headId) ? await findUserById(db, headId) : undefined;
  if (!head || head.organization_id !== user.organization_id) throw new AppError('SIGNS_FOR_INVALID', 'Người được ký thay phải là lãnh đạo trong cùng cơ quan');
  if (!head.roles.includes('leader')) throw new AppError('SIGNS_FOR_INVALID', `${head.full_name} không phải lãnh đạo`);
  if (head.signs_for_id === user.id) throw new AppError('SIGNS_FOR_INVALID', `${head.full_name} đang ký thay cho ${user.full_name}: hai người không thể ký thay cho nhau`);
}

/** An administrator edits an account of their agency: name, position, unit, roles, whom they sign for. */
export async function updateUser(db: Knex, actor: Actor, userId: string, input: z.infer<typeof updateUserSchema>): Promise<void> {
  const user = await loadManagedUser(db, actor, userId);
  if (!actor.isSystemAdmin && !actor.roles.includes('admin')) throw new AppError('FORBIDDEN', 'Chỉ quản trị cơ quan được sửa tài khoản');
  if (user.id === actor.userId && input.roles && !input.roles.includes('admin') && !actor.isSystemAdmin) {
    throw new AppError('VALIDATION_FAILED', 'Không thể tự bỏ vai trò quản trị của chính mình');
  }
  if (input.unitId) {
    const unit = await findUnitById(db, input.unitId);
    if (!unit || unit.organization_id !== user.organization_id) throw new AppError('NOT_FOUND', 'Đơn vị không thuộc cơ quan của tài khoản');
  }
  const roles = input.roles ? [...new Set(input.roles)] : user.roles;
  if (input.signsFor) await checkSignsFor(db, user, roles, input.signsFor.userId);
  // A leader who loses the role no longer signs for anyone.
  const dropSigning = input.signsFor === undefined && user.signs_for_id && !roles.includes('leader');
  const changes = {
    ...(input.fullName !== undefined ? { full_name: input.fullName } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
    ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
    ...(input.roles ? { roles } : {}),
    ...(input.signsFor !== undefined ? { signs_for_id: input.signsFor?.userId ?? null, signing_capacity: input.signsFor?.capacity ?? null } : {}),
    ...(dropSigning ? { signs_for_id: null, signing_capacity: null } : {}),
  };
  await db.transaction(async (trx) => {
    if (Object.keys(changes).length) await trx('users').where({ id: user.id }).update(changes);
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: user.organization_id,
      action: 'user.update',
      objectType: 'user',
      objectId: user.id,
      summary: `Sửa tài khoản ${user.username} (${user.full_name})`,
      data: {
        before: { roles: user.roles, unitId: user.unit_id, position: user.position, signsFor: user.signs_for_id ?? null, capacity: user.signing_capacity ?? null },
        after: input,
      },
    });
  });
}
