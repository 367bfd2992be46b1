import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/errors';
import { hashPassword, verifyPassword } from '../users/password';
import { findUserByUsername, type UserRow } from '../users/users.repository';
import { insertSession } from './sessions.repository';
import { reserveLoginAttempt, settleSuccessfulLogin, type ThrottleLimits } from './login-throttle';
import { newToken, tokenHash } from './tokens';

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof loginSchema>;

export interface LoginPolicy {
  tokenTtlHours: number;
  throttle: ThrottleLimits;
  /** A hash with the server's cost, checked for unknown usernames so they take as long as known ones. */
  dummyHash: string;
}

export const defaultLoginPolicy = (tokenTtlHours: number, dummyHash: string): LoginPolicy => ({
  tokenTtlHours,
  throttle: { perUserAndAddress: 5, perAddress: 50, perUser: 100, windowMinutes: 15 },
  dummyHash,
});

/** Built once at boot with the configured cost (a fixed cheaper dummy made unknown users 6× faster). */
export const makeDummyHash = (logN: number): Promise<string> => hashPassword(randomBytes(16).toString('hex'), logN);

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: UserRow;
}

export async function login(db: Knex, policy: LoginPolicy, input: LoginInput, ip: string): Promise<LoginResult> {
  if (!(await reserveLoginAttempt(db, policy.throttle, input.username, ip))) {
    throw new AppError('LOGIN_THROTTLED', `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${policy.throttle.windowMinutes} phút.`);
  }
  const user = await findUserByUsername(db, input.username);
  const ok = await verifyPassword(input.password, user?.password_hash ?? policy.dummyHash);
  if (!user || !ok) throw new AppError('INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng');
  await settleSuccessfulLogin(db, input.username, ip);
  // Said only after the right password: a guesser learns nothing about locked accounts.
  if (user.locked_at) throw new AppError('ACCOUNT_LOCKED', 'Tài khoản đã bị khoá. Vui lòng liên hệ quản trị của cơ quan');
  const token = newToken();
  const expiresAt = new Date(Date.now() + policy.tokenTtlHours * 3_600_000);
  await db.transaction(async (trx) => {
    const sessionId = randomUUID();
    await insertSession(trx, { id: sessionId, token_hash: tokenHash(token), user_id: user.id, expires_at: expiresAt });
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
