import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import type { Actor } from '../shared/actor';
import { setNotificationPrefs, updateProfileFields } from './account.repository';

/** The notices a user may silence; the in-app list keeps every notification whatever is chosen. */
export const NOTIFICATION_KINDS = ['inbox', 'assignments', 'deadlines', 'delivery', 'announcements', 'email'] as const;

export const profileSchema = z.object({
  fullName: z.string().trim().min(2, 'Họ tên cần ít nhất 2 ký tự').max(200).optional(),
  position: z.string().trim().max(200).optional(),
  notificationPrefs: z.partialRecord(z.enum(NOTIFICATION_KINDS), z.boolean()).optional(),
});

export async function updateProfile(db: Knex, actor: Actor, input: z.infer<typeof profileSchema>): Promise<void> {
  await db.transaction(async (trx) => {
    await updateProfileFields(trx, actor.userId, {
      ...(input.fullName !== undefined ? { full_name: input.fullName } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
    });
    if (input.notificationPrefs) await setNotificationPrefs(trx, actor.userId, input.notificationPrefs);
    await recordAudit(trx, {
      actorId: actor.userId,
      organizationId: actor.organizationId,
      action: 'user.profile_update',
      objectType: 'user',
      objectId: actor.userId,
      summary: 'Cập nhật thông tin cá nhân',
      data: { fields: Object.keys(input) },
    });
  });
}
