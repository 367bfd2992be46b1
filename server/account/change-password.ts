import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { hashPassword, verifyPassword } from '../users/password';
import { passwordUnchanged, requireStrongPassword } from '../users/password-policy';
import { findUserById } from '../users/users.repository';
import { revokeUserSessions, setPassword } from './account.repository';

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'Cần nhập mật khẩu hiện tại').max(200),
  newPassword: z.string().min(1, 'Cần nhập mật khẩu mới').max(400),
});

/**
 * The user changes their own password: the current one proves it is them (a stolen session alone
 * cannot lock the owner out). Every other session is ended; the one in use stays.
 * Returns the sessions revoked so their sockets can be dropped.
 */
export async function changePassword(db: Knex, actor: Actor, sessionId: string, input: z.infer<typeof changePasswordSchema>, kdfLogN: number): Promise<string[]> {
  const user = await findUserById(db, actor.userId);
  if (!user) throw new AppError('USER_NOT_FOUND', 'Không tìm thấy tài khoản');
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError('CURRENT_PASSWORD_WRONG', 'Mật khẩu hiện tại không đúng');
  }
  requireStrongPassword(input.newPassword, user.username);
  if (await verifyPassword(input.newPassword, user.password_hash)) throw passwordUnchanged();
  const hash = await hashPassword(input.newPassword, kdfLogN);
  return db.transaction(async (trx) => {
    await setPassword(trx, user.id, hash, false);
    const revoked = await revokeUserSessions(trx, user.id, sessionId);
    await recordAudit(trx, {
      actorId: user.id,
      organizationId: user.organization_id,
      action: 'user.password_change',
      objectType: 'user',
      objectId: user.id,
      summary: `${user.full_name} đổi mật khẩu`,
      data: { sessionsEnded: revoked.length },
    });
    return revoked;
  });
}
