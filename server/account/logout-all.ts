import type { Knex } from 'knex';
import { recordAudit } from '../audit/record-audit';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { revokeOwnSession, revokeUserSessions } from './account.repository';

/** "Đăng xuất khỏi mọi thiết bị": every session of the user, this one included. */
export async function logoutEverywhere(db: Knex, actor: Actor): Promise<string[]> {
  return db.transaction(async (trx) => {
    const revoked = await revokeUserSessions(trx, actor.userId);
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: actor.organizationId,
      action: 'auth.logout_all',
      objectType: 'user',
      objectId: actor.userId,
      summary: `Đăng xuất khỏi mọi thiết bị (${revoked.length} phiên)`,
      data: { sessions: revoked.length },
    });
    return revoked;
  });
}

/** Ends one of the user's own sessions (a lost phone, a shared computer). */
export async function endOwnSession(db: Knex, actor: Actor, sessionId: string): Promise<void> {
  await db.transaction(async (trx) => {
    if (!isUuid(sessionId) || !(await revokeOwnSession(trx, actor.userId, sessionId))) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy phiên đăng nhập đang hoạt động');
    }
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: actor.organizationId,
      action: 'auth.session_end',
      objectType: 'session',
      objectId: sessionId,
      summary: 'Kết thúc một phiên đăng nhập từ trang tài khoản',
    });
  });
}
