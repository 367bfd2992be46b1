import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Actor, hasRole } from '../shared/actor';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import { AppError, forbidden } from '../shared/errors';
import { inTransaction } from '../shared/unit-of-work';
import { findUserById } from '../users/users.repository';
import type { StoredAttachment } from './attachment-upload';
import { audienceIds, insertAnnouncement, unitsOfOrganization, type AnnouncementRow } from './announcements.repository';

export const announcementSchema = z.object({
  title: z.string().trim().min(3, 'Tiêu đề cần ít nhất 3 ký tự').max(300),
  body: z.string().trim().min(1, 'Cần nội dung thông báo').max(20_000),
  /** Empty or absent: the whole agency. */
  unitIds: z.array(z.uuid()).max(200).default([]),
  /** An ISO date-time or a date (the end of that day, Vietnam time). */
  expiresAt: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'Ngày hết hạn không hợp lệ (YYYY-MM-DD)')
    .nullish(),
});
export type AnnouncementInput = z.infer<typeof announcementSchema>;

/** Who may post: the agency's leaders, clerks (văn thư) and administrators. */
export function requireAnnouncer(actor: Actor): string {
  if (!actor.organizationId || !(hasRole(actor, 'leader') || hasRole(actor, 'clerk') || hasRole(actor, 'admin'))) {
    throw forbidden('Chỉ lãnh đạo, văn thư hoặc quản trị cơ quan được đăng thông báo nội bộ');
  }
  return actor.organizationId;
}

function expiryOf(raw: string | null | undefined, now: Date): Date | null {
  if (!raw) return null;
  const at = raw.length === 10 ? new Date(`${raw}T23:59:59+07:00`) : new Date(raw);
  if (Number.isNaN(at.getTime())) throw new AppError('VALIDATION_FAILED', 'Ngày hết hạn không hợp lệ');
  if (at.getTime() <= now.getTime()) throw new AppError('VALIDATION_FAILED', 'Ngày hết hạn phải sau thời điểm hiện tại');
  return at;
}

/** Posts an announcement to the agency or chosen units: rows, read-state per recipient and realtime notices in one transaction. */
export async function postAnnouncement(deps: Pick<WorkflowDeps, 'db' | 'now' | 'publisher'>, actor: Actor, input: AnnouncementInput, files: StoredAttachment[]): Promise<AnnouncementRow> {
  const organizationId = requireAnnouncer(actor);
  const now = deps.now();
  const expiresAt = expiryOf(input.expiresAt, now);
  const unitIds = [...new Set(input.unitIds)];
  if ((await unitsOfOrganization(deps.db, organizationId, unitIds)).length !== unitIds.length) throw new AppError('NOT_FOUND', 'Đơn vị nhận không thuộc cơ quan');
  const author = await findUserById(deps.db, actor.userId);
  const id = randomUUID();
  return inTransaction(deps, async (uow) => {
    const recipients = await audienceIds(uow.trx, organizationId, unitIds, actor.userId);
    if (recipients.length === 0) throw new AppError('VALIDATION_FAILED', 'Không có ai trong phạm vi nhận thông báo');
    const row = await insertAnnouncement(
      uow.trx,
      { id, organization_id: organizationId, author_id: actor.userId, title: input.title, body: input.body, unit_ids: unitIds, expires_at: expiresAt },
      files.map((f) => ({ id: randomUUID(), announcement_id: id, file_key: f.key, file_name: f.fileName, content_type: f.contentType, size: f.size })),
      recipients,
    );
    await uow.notify(recipients, 'announcement:new', { announcementId: id, title: input.title, authorName: author?.full_name ?? '', expiresAt: expiresAt?.toISOString() ?? null });
    await uow.audit({
      actorId: actor.userId,
      organizationId,
      action: 'announcement.post',
      objectType: 'announcement',
      objectId: id,
      summary: `Đăng thông báo nội bộ "${input.title}" đến ${unitIds.length ? `${unitIds.length} đơn vị` : 'toàn cơ quan'} (${recipients.length} người, ${files.length} tệp đính kèm)`,
    });
    return row;
  });
}
