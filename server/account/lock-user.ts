import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { loadManagedUser } from '../users/managed-user';
import { revokeUserSessions, setLocked } from './account.repository';

export const lockSchema = z.object({ reason: z.string().trim().max(500).optional() }).default({});

/**
 * An administrator locks an account: it can no longer sign in, and every session it holds ends now
 * (the caller drops their sockets with the returned ids). Unlocking lets it sign in again.
 */
export async function lockUser(db: Knex, actor: Actor, userId: string, locked: boolean, reason?: string): Promise<string[]> {
  const user = await loadManagedUser(db, actor, userId);
  if (user.id === actor.userId) throw new AppError('CANNOT_LOCK_SELF', 'Không thể tự khoá hoặc mở khoá tài khoản của chính mình');
  if (user.is_system_admin && !actor.isSystemAdmin) throw new AppError('FORBIDDEN', 'Không được khoá tài khoản quản trị hệ thống');
  return db.transaction(async (trx) => {
    await setLocked(trx, user.id, locked, locked ? reason ?? null : null);
    const revoked = locked ? await revokeUserSessions(trx, user.id) : [];
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: user.organization_id,
      action: locked ? 'user.lock' : 'user.unlock',
      objectType: 'user',
      objectId: user.id,
      summary: locked ? `Khoá tài khoản ${user.username} (${user.full_name})${reason ? `: ${reason}` : ''}` : `Mở khoá tài khoản ${user.username} (${user.full_name})`,
      data: locked ? { reason: reason ?? null, sessionsEnded: revoked.length } : undefined,
    });
    return revoked;
  });
}
