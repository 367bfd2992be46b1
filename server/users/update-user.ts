import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type Actor, ROLES } from '../auth/actor';
import { AppError } from '../shared/errors';
import { findUnitById } from '../organizations/organizations.repository';
import { loadManagedUser } from './managed-user';

export const updateUserSchema = z.object({
  fullName: z.string().trim().min(2).max(200).optional(),
  position: z.string().trim().max(200).optional(),
  unitId: z.uuid().nullable().optional(),
  roles: z.array(z.enum(ROLES)).min(1, 'Cần ít nhất một vai trò').optional(),
});

/** An administrator edits an account of their agency: name, position, unit, roles. */
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
  const changes = {
    ...(input.fullName !== undefined ? { full_name: input.fullName } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
    ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
    ...(input.roles ? { roles: [...new Set(input.roles)] } : {}),
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
      data: { before: { roles: user.roles, unitId: user.unit_id, position: user.position }, after: input },
    });
  });
}
