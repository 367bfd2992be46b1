import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { loadManagedUser } from '../users/managed-user';
import { hashPassword } from '../users/password';
import { requireStrongPassword } from '../users/password-policy';
import { revokeUserSessions, setPassword } from './account.repository';

export const resetPasswordSchema = z.object({ newPassword: z.string().min(1, 'Cần nhập mật khẩu mới').max(400) });

/**
 * An administrator sets a temporary password: the user must choose their own at next sign-in, and
 * sessions opened with the old password end.
 */
export async function resetPassword(db: Knex, actor: Actor, userId: string, newPassword: string, kdfLogN: number): Promise<string[]> {
  const user = await loadManagedUser(db, actor, userId);
  if (user.id === actor.userId) throw new AppError('VALIDATION_FAILED', 'Hãy đổi mật khẩu của chính mình tại trang Tài khoản');
  requireStrongPassword(newPassword, user.username);
  const hash = await hashPassword(newPassword, kdfLogN);
  return db.transaction(async (trx) => {
    await setPassword(trx, user.id, hash, true);
    const revoked = await revokeUserSessions(trx, user.id);
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: user.organization_id,
      action: 'user.password_reset',
      objectType: 'user',
      objectId: user.id,
      summary: `Đặt lại mật khẩu cho ${user.username} (${user.full_name}); phải đổi khi đăng nhập`,
    });
    return revoked;
  });
}
