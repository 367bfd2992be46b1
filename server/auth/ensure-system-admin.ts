import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { recordAudit } from '../audit/record-audit';
import { hashPassword } from '../users/password';
import { findUserByUsername, insertUser } from '../users/users.repository';

/** The system admin `admin` is created once, with the password given at first start. */
export async function ensureSystemAdmin(db: Knex, password: string | undefined, kdfLogN: number): Promise<boolean> {
  if (await findUserByUsername(db, 'admin')) return false;
  if (!password) throw new Error('Chưa có tài khoản quản trị hệ thống: đặt VANBAN_ADMIN_PASSWORD (mật khẩu riêng, ít nhất 8 ký tự) cho lần khởi động đầu tiên');
  const hash = await hashPassword(password, kdfLogN);
  await db.transaction(async (trx) => {
    if (await findUserByUsername(trx, 'admin')) return;
    const id = randomUUID();
    await insertUser(trx, {
      id,
      username: 'admin',
      password_hash: hash,
      full_name: 'Quản trị hệ thống',
      position: 'Quản trị hệ thống',
      organization_id: null,
      unit_id: null,
      roles: [],
      is_system_admin: true,
    });
    await recordAudit(trx, {
      actorId: null,
      organizationId: null,
      action: 'user.create',
      objectType: 'user',
      objectId: id,
      summary: 'Tạo tài khoản quản trị hệ thống admin',
    });
  });
  return true;
}
