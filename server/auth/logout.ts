import type { Knex } from 'knex';
import { recordAudit } from '../audit/record-audit';
import type { Actor } from '../shared/actor';
import { revokeSession } from './sessions.repository';

export async function logout(db: Knex, actor: Actor, sessionId: string): Promise<void> {
  await db.transaction(async (trx) => {
    await revokeSession(trx, sessionId);
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: actor.organizationId,
      action: 'auth.logout',
      objectType: 'session',
      objectId: sessionId,
      summary: 'Đăng xuất',
    });
  });
}
