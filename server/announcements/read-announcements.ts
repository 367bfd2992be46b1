import type { Knex } from 'knex';
import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import type { AnnouncementReader, AnnouncementView } from './announcement-view';
import { attachmentsOf, findAnnouncement, listFor, markRead, namesOf, readCounts, readersOf, recipientRow, type AnnouncementRow } from './announcements.repository';

export const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().trim().max(200).optional(),
  expired: z.enum(['0', '1']).default('0'),
  unread: z.enum(['0', '1']).default('0'),
});

export async function presentAnnouncements(db: Knex, actor: Actor, rows: (AnnouncementRow & { read_at?: Date | null; is_recipient?: boolean })[], now: Date): Promise<AnnouncementView[]> {
  const ids = rows.map((r) => r.id);
  const [authors, units, files, counts] = await Promise.all([
    namesOf(db, 'users', [...new Set(rows.map((r) => r.author_id))]),
    namesOf(db, 'units', [...new Set(rows.flatMap((r) => r.unit_ids))]),
    attachmentsOf(db, ids),
    readCounts(db, rows.filter((r) => r.author_id === actor.userId).map((r) => r.id)),
  ]);
  return rows.map((r) => {
    const mine = r.author_id === actor.userId;
    const count = counts.get(r.id);
    return {
      id: r.id,
      title: r.title,
      body: r.body,
      author: { id: r.author_id, fullName: authors.get(r.author_id) ?? '' },
      createdAt: new Date(r.created_at).toISOString(),
      expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
      expired: Boolean(r.expires_at && new Date(r.expires_at).getTime() <= now.getTime()),
      units: r.unit_ids.map((id) => ({ id, name: units.get(id) ?? '' })),
      attachments: files.filter((f) => f.announcement_id === r.id).map((f) => ({ id: f.id, fileName: f.file_name, contentType: f.content_type, size: Number(f.size) })),
      mine,
      ...(r.is_recipient !== false && !mine ? { readAt: r.read_at ? new Date(r.read_at).toISOString() : null } : {}),
      ...(mine ? { readCount: count?.read ?? 0, recipientCount: count?.total ?? 0 } : {}),
    };
  });
}

export async function listAnnouncements(db: Knex, actor: Actor, query: z.infer<typeof listQuery>, now: Date) {
  if (!actor.organizationId) return { items: [], total: 0, page: query.page, pageSize: query.pageSize, unread: 0 };
  const filter = { userId: actor.userId, organizationId: actor.organizationId, includeExpired: query.expired === '1', q: query.q || undefined, unreadOnly: query.unread === '1', limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
  const list = listFor(db, filter);
  const [rows, total, unread] = await Promise.all([list.rows(), list.count(), listFor(db, { ...filter, q: undefined, unreadOnly: true, includeExpired: false }).count()]);
  return { items: await presentAnnouncements(db, actor, rows, now), total, page: query.page, pageSize: query.pageSize, unread };
}

/** An announcement the actor received or wrote; anything else is "not found". */
export async function loadVisible(db: Knex, actor: Actor, id: string): Promise<{ row: AnnouncementRow; readAt: Date | null | undefined }> {
  const row = isUuid(id) ? await findAnnouncement(db, id) : undefined;
  if (!row || row.organization_id !== actor.organizationId) throw new AppError('NOT_FOUND', 'Không tìm thấy thông báo');
  const recipient = await recipientRow(db, id, actor.userId);
  if (!recipient && row.author_id !== actor.userId) throw new AppError('NOT_FOUND', 'Không tìm thấy thông báo');
  return { row, readAt: recipient?.read_at };
}

/** Marks as read (idempotent); the first reading is audited. */
export async function readAnnouncement(db: Knex, actor: Actor, id: string): Promise<void> {
  const { row, readAt } = await loadVisible(db, actor, id);
  if (readAt !== null) return;
  await db.transaction(async (trx) => {
    if (!(await markRead(trx, id, actor.userId))) return;
    await recordAudit(trx, { actorId: actor.userId, organizationId: row.organization_id, action: 'announcement.read', objectType: 'announcement', objectId: id, summary: `Đã đọc thông báo "${row.title}"` });
  });
}

/** Who has read it: for the author, and the agency's administrators. */
export async function announcementReaders(db: Knex, actor: Actor, id: string): Promise<AnnouncementReader[]> {
  const row = isUuid(id) ? await findAnnouncement(db, id) : undefined;
  const allowed = row && row.organization_id === actor.organizationId && (row.author_id === actor.userId || actor.roles.includes('admin'));
  if (!row || !allowed) throw new AppError('NOT_FOUND', 'Không tìm thấy thông báo');
  return (await readersOf(db, id)).map((r) => ({ userId: r.user_id, fullName: r.full_name, unit: r.unit_name, readAt: r.read_at ? new Date(r.read_at).toISOString() : null }));
}
