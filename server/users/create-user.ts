import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { type Actor, ROLES, requireOrgAdmin } from '../shared/actor';
import { AppError } from '../shared/errors';
import { findOrganizationByCode, findUnitByAbbreviation, type OrganizationRow, type UnitRow } from '../organizations/organizations.repository';
import { hashPassword } from './password';
import { requireStrongPassword } from './password-policy';
import { findUserByUsername, insertUser, type UserRow } from './users.repository';

export const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(3)
    .max(64)
    .regex(/^[a-z0-9._-]+$/, 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch nối'),
  password: z.string().min(1, 'Cần nhập mật khẩu').max(400),
  fullName: z.string().trim().min(2).max(200),
  position: z.string().trim().max(200).default(''),
  orgCode: z.string().trim().min(1),
  /** Abbreviation of the unit inside the organisation (e.g. `VP`). */
  unit: z.string().trim().min(1).optional(),
  roles: z.array(z.enum(ROLES)).min(1, 'Cần ít nhất một vai trò'),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export interface CreatedUser {
  user: UserRow;
  org: OrganizationRow;
  unit: UnitRow | null;
}

export async function createUser(
  db: Knex,
  actor: Actor | null,
  raw: CreateUserInput,
  kdfLogN: number,
): Promise<CreatedUser> {
  const input = createUserSchema.parse(raw);
  const org = await findOrganizationByCode(db, input.orgCode);
  if (!org) throw new AppError('ORG_NOT_FOUND', `Không tìm thấy cơ quan có mã ${input.orgCode}`);
  if (actor) requireOrgAdmin(actor, org.id);
  // Through the API the policy applies; the demo seed and first start use operator-chosen passwords.
  if (actor) requireStrongPassword(input.password, input.username);
  // Hash outside the transaction: it is the slow part and needs no lock.
  const passwordHash = await hashPassword(input.password, kdfLogN);
  return db.transaction(async (trx) => {
    if (await findUserByUsername(trx, input.username)) {
      throw new AppError('USERNAME_TAKEN', `Tên đăng nhập ${input.username} đã tồn tại`);
    }
    let unit: UnitRow | null = null;
    if (input.unit) {
      unit = (await findUnitByAbbreviation(trx, org.id, input.unit)) ?? null;
      if (!unit) throw new AppError('NOT_FOUND', `Cơ quan ${org.name} không có đơn vị ${input.unit}`);
    }
    const user = await insertUser(trx, {
      id: randomUUID(),
      username: input.username,
      password_hash: passwordHash,
      full_name: input.fullName,
      position: input.position,
      organization_id: org.id,
      unit_id: unit?.id ?? null,
      roles: [...new Set(input.roles)],
      is_system_admin: false,
    });
    await recordAudit(trx, {
      actorId: actor?.userId ?? null,
      organizationId: org.id,
      action: 'user.create',
      objectType: 'user',
      objectId: user.id,
      summary: `Tạo tài khoản ${user.username} (${user.full_name}) tại ${org.name}`,
      data: { roles: user.roles, unit: unit?.abbreviation ?? null },
    });
    return { user, org, unit };
  });
}
