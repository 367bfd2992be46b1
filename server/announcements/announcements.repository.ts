import type { Knex } from 'knex';

export interface AnnouncementRow {
  id: string;
  organization_id: string;
  author_id: string;
  title: string;
  body: string;
  unit_ids: string[];
  expires_at: Date | null;
  created_at: Date;
}

export interface AttachmentRow {
  id: string;
  announcement_id: string;
  file_key: string;
  file_name: string;
  content_type: string;
  size: number | string;
}

export async function insertAnnouncement(db: Knex, row: Omit<AnnouncementRow, 'created_at'>, attachments: AttachmentRow[], recipientIds: string[]): Promise<AnnouncementRow> {
  const [inserted] = await db<AnnouncementRow>('announcements').insert(row).returning('*');
  if (attachments.length) await db('announcement_attachments').insert(attachments);
  for (let i = 0; i < recipientIds.length; i += 500) {
    await db('announcement_recipients').insert(recipientIds.slice(i, i + 500).map((user_id) => ({ announcement_id: row.id, user_id })));
  }
  return inserted;
}

/** Who receives: every account of the agency, or the members of the chosen units (the author excluded). */
export async function audienceIds(db: Knex, organizationId: string, unitIds: string[], authorId: string): Promise<string[]> {
  const q = db('users').where({ organization_id: organizationId }).whereNull('locked_at').whereNot({ id: authorId });
  if (unitIds.length) q.whereIn('unit_id', unitIds);
  return (await q.select('id')).map((r: { id: string }) => r.id);
}

export interface ListFilter {
  userId: string;
  organizationId: string;
  includeExpired: boolean;
  q?: string;
  unreadOnly?: boolean;
  limit: number;
  offset: number;
}

/** Announcements the user received or wrote, newest first, with the user's read time. */
export function listFor(db: Knex, f: ListFilter) {
  const base = db('announcements as a')
    .leftJoin('announcement_recipients as r', (j) => j.on('r.announcement_id', 'a.id').andOnVal('r.user_id', f.userId))
    .where('a.organization_id', f.organizationId)
    .andWhere((q) => q.whereNotNull('r.user_id').orWhere('a.author_id', f.userId));
  if (!f.includeExpired) base.andWhere((q) => q.whereNull('a.expires_at').orWhere('a.expires_at', '>', new Date()));
  if (f.q) base.andWhere((q) => q.whereILike('a.title', `%${f.q}%`).orWhereILike('a.body', `%${f.q}%`));
  if (f.unreadOnly) base.whereNotNull('r.user_id').whereNull('r.read_at');
  return {
    rows: (): Promise<(AnnouncementRow & { read_at: Date | null; is_recipient: boolean })[]> =>
      base.clone().select('a.*', 'r.read_at', db.raw('r.user_id IS NOT NULL as is_recipient')).orderBy('a.created_at', 'desc').limit(f.limit).offset(f.offset),
    count: async (): Promise<number> => Number((await base.clone().count<{ count: string }[]>({ count: '*' }))[0].count),
  };
}

export const findAnnouncement = (db: Knex, id: string): Promise<AnnouncementRow | undefined> => db<AnnouncementRow>('announcements').where({ id }).first();

export const recipientRow = (db: Knex, id: string, userId: string): Promise<{ read_at: Date | null } | undefined> =>
  db('announcement_recipients').where({ announcement_id: id, user_id: userId }).first('read_at');

export async function markRead(db: Knex, id: string, userId: string): Promise<boolean> {
  return (await db('announcement_recipients').where({ announcement_id: id, user_id: userId }).whereNull('read_at').update({ read_at: db.fn.now() })) > 0;
}

export const attachmentsOf = (db: Knex, ids: string[]): Promise<AttachmentRow[]> =>
  ids.length ? db('announcement_attachments').whereIn('announcement_id', ids).orderBy('file_name') : Promise.resolve([]);

export const findAttachment = (db: Knex, announcementId: string, id: string): Promise<AttachmentRow | undefined> =>
  db('announcement_attachments').where({ announcement_id: announcementId, id }).first();

export async function readCounts(db: Knex, ids: string[]): Promise<Map<string, { total: number; read: number }>> {
  const rows: { announcement_id: string; total: string; read: string }[] = ids.length
    ? await db('announcement_recipients').whereIn('announcement_id', ids).groupBy('announcement_id').select('announcement_id', db.raw('count(*) as total'), db.raw('count(read_at) as read'))
    : [];
  return new Map(rows.map((r) => [r.announcement_id, { total: Number(r.total), read: Number(r.read) }]));
}

export const readersOf = (db: Knex, id: string): Promise<{ user_id: string; full_name: string; unit_name: string | null; read_at: Date | null }[]> =>
  db('announcement_recipients as r')
    .join('users as u', 'u.id', 'r.user_id')
    .leftJoin('units as n', 'n.id', 'u.unit_id')
    .where('r.announcement_id', id)
    .select('r.user_id', 'u.full_name', 'n.name as unit_name', 'r.read_at')
    .orderByRaw('r.read_at IS NULL, r.read_at DESC, u.full_name');

export const namesOf = async (db: Knex, table: 'users' | 'units', ids: string[]): Promise<Map<string, string>> => {
  const column = table === 'users' ? 'full_name' : 'name';
  const rows: { id: string; name: string }[] = ids.length ? await db(table).whereIn('id', ids).select('id', `${column} as name`) : [];
  return new Map(rows.map((r) => [r.id, r.name]));
};

export const unitsOfOrganization = async (db: Knex, organizationId: string, ids: string[]): Promise<string[]> =>
  ids.length ? (await db('units').where({ organization_id: organizationId }).whereIn('id', ids).select('id')).map((r: { id: string }) => r.id) : [];
