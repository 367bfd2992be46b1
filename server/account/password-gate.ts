import type { Request } from 'express';
import type { Knex } from 'knex';
import { authenticateToken } from '../auth/authenticate';
import type { AuthenticatedSession } from '../shared/actor';
import { bearerToken } from '../http/create-app';
import { AppError } from '../shared/errors';

/** What a user who must change their password may still do. */
const ALLOWED_WHILE_FORCED = new Set(['/auth/me', '/auth/password', '/auth/logout', '/auth/logout-all', '/auth/password-policy']);

/**
 * The API's authenticator: after an administrator's reset the account may do nothing but change
 * its password (the temporary one is known to the administrator).
 */
export async function authenticateRequest(db: Knex, req: Request): Promise<AuthenticatedSession> {
  const session = await authenticateToken(db, bearerToken(req));
  if (session.mustChangePassword && !ALLOWED_WHILE_FORCED.has(String(req.route?.path ?? ''))) {
    throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Mật khẩu do quản trị đặt lại: cần đổi mật khẩu trước khi tiếp tục');
  }
  return session;
}
