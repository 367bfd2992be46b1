import type { Knex } from 'knex';
import { AppError } from '../shared/errors';
import { actorFromUser, type AuthenticatedSession } from '../shared/actor';

export type { AuthenticatedSession };
import { findSessionWithUser } from './sessions.repository';
import { tokenHash } from './tokens';

/** Resolves a bearer token to its actor; shared by the HTTP API and the Socket.IO handshake. */
export async function authenticateToken(db: Knex, token: string | undefined): Promise<AuthenticatedSession> {
  if (!token) throw new AppError('UNAUTHENTICATED', 'Cần đăng nhập');
  const session = await findSessionWithUser(db, tokenHash(token));
  if (!session) throw new AppError('UNAUTHENTICATED', 'Phiên đăng nhập không hợp lệ');
  if (session.revoked_at) throw new AppError('TOKEN_REVOKED', 'Phiên đăng nhập đã bị thu hồi (đã đăng xuất)');
  if (new Date(session.expires_at).getTime() <= Date.now()) throw new AppError('TOKEN_EXPIRED', 'Phiên đăng nhập đã hết hạn');
  const user = session.user;
  if (!user) throw new AppError('UNAUTHENTICATED', 'Tài khoản không còn tồn tại');
  if (user.locked_at) throw new AppError('TOKEN_REVOKED', 'Tài khoản đã bị khoá');
  return {
    sessionId: session.id,
    expiresAt: new Date(session.expires_at),
    mustChangePassword: Boolean(user.must_change_password),
    actor: actorFromUser(user),
  };
}
