import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Actor } from '../shared/actor';
import type { RegisterBook } from '../registers/register-book-view';
import { AppError } from '../shared/errors';
import type { DossierSummaryView, listDossiersQuery } from './dossier-contract';
import { listDossierRows } from './dossiers.repository';
import { presentDossierSummary } from './dossier-view';

type Query = z.infer<typeof listDossiersQuery>;

/** The cursor keeps the database's microseconds (`cursor_at`), not a millisecond JavaScript Date. */
const encodeCursor = (createdAt: string, id: string) => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof createdAt !== 'string' || !INSTANT.test(createdAt) || Number.isNaN(Date.parse(createdAt)) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('bad');
    return { createdAt, id };
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Con trỏ phân trang không hợp lệ');
  }
}

/** A page of the agency's dossiers, newest first, with a cursor to the next page. */
export async function listDossiers(db: Knex, actor: Actor, q: Query, today: string, limit = q.limit): Promise<{ items: DossierSummaryView[]; nextCursor: string | null }> {
  if (!actor.organizationId) throw new AppError('FORBIDDEN', 'Hồ sơ thuộc về một cơ quan');
  const rows = await listDossierRows(db, { organizationId: actor.organizationId, userId: actor.userId, status: q.status, q: q.q, field: q.field, ownerId: q.ownerId, year: q.year, today, after: q.cursor ? decodeCursor(q.cursor) : undefined, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map((r) => presentDossierSummary(r, today)), nextCursor: rows.length > limit && last ? encodeCursor(last.cursor_at, last.id) : null };
}

const dmy = (ymd: string | null) => (ymd ? ymd.split('-').reverse().join('/') : '');

/** The list as a printable/exportable book (same layout code as the registers). */
export async function dossierListBook(db: Knex, actor: Actor, q: Query, today: string, organization: string, statusLabel: string): Promise<RegisterBook> {
  const items: DossierSummaryView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listDossiers(db, actor, { ...q, cursor }, today, 100);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < 5000);
  return {
    title: 'DANH SÁCH HỒ SƠ CÔNG VIỆC',
    organization,
    period: statusLabel,
    columns: ['Mã hồ sơ', 'Tiêu đề hồ sơ', 'Lĩnh vực', 'Ngày mở', 'Hạn giải quyết', 'Người giải quyết', 'Lãnh đạo duyệt', 'Tiến độ', 'Trạng thái'],
    widths: [8, 26, 10, 7, 8, 12, 12, 6, 11],
    rows: items.map((d) => [d.code ?? '', d.title, d.field ?? '', dmy(d.openedOn), `${dmy(d.deadline)}${d.overdue ? ' (quá hạn)' : ''}`, d.owner.name, d.approver.name, `${d.progress}%`, d.statusText]),
  };
}
