import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/errors';
import { DUMMY_HASH, verifyPassword } from '../users/password';
import { findUserByUsername, type UserRow } from '../users/users.repository';
import { clearLoginFailures, countRecentFailures, insertSession, recordLoginFailure } from './sessions.repository';
import { newToken, tokenHash } from './tokens';

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof loginSchema>;

export interface LoginPolicy {
  tokenTtlHours: number;
  /** Failed attempts allowed per username within the window before further tries are refused. */
  maxFailuresPerUser: number;
  maxFailuresPerIp: number;
  windowMinutes: number;
}

export const defaultLoginPolicy = (tokenTtlHours: number): LoginPolicy => ({
  tokenTtlHours,
  maxFailuresPerUser: 5,
  maxFailuresPerIp: 50,
  windowMinutes: 15,
});

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: UserRow;
}

export async function login(db: Knex, policy: LoginPolicy, input: LoginInput, ip: string): Promise<LoginResult> {
  const since = new Date(Date.now() - policy.windowMinutes * 60_000);
  const [byUser, byIp] = await Promise.all([
    countRecentFailures(db, since, { username: input.username }),
    countRecentFailures(db, since, { ip }),
  ]);
  if (byUser >= policy.maxFailuresPerUser || byIp >= policy.maxFailuresPerIp) {
    throw new AppError('LOGIN_THROTTLED', `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${policy.windowMinutes} phút.`);
  }
  const user = await findUserByUsername(db, input.username);
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) {
    await recordLoginFailure(db, input.username, ip);
    throw new AppError('INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng');
  }
  // Said only after the right password: a guesser learns nothing about locked accounts.
  if (user.locked_at) throw new AppError('ACCOUNT_LOCKED', 'Tài khoản đã bị khoá. Vui lòng liên hệ quản trị của cơ quan');
  const token = newToken();
  const expiresAt = new Date(Date.now() + policy.tokenTtlHours * 3_600_000);
  await db.transaction(async (trx) => {
    const sessionId = randomUUID();
    await insertSession(trx, { id: sessionId, token_hash: tokenHash(token), user_id: user.id, expires_at: expiresAt });
    await clearLoginFailures(trx, user.username);
    await recordAudit(trx, {
      actorId: user.id,
      organizationId: user.organization_id,
      action: 'auth.login',
      objectType: 'session',
      objectId: sessionId,
      summary: `${user.full_name} đăng nhập`,
      data: { ip },
    });
  });
  return { token, expiresAt, user };
}
