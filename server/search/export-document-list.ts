import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { readingViewerOf } from '../document-core/secret-access.repository';
import { findOrganizationById } from '../organizations/organizations.repository';
import { registerBookCsv, registerBookXlsx } from '../registers/export-tabular';
import type { RegisterBook } from '../registers/register-book-view';
import { AppError } from '../shared/errors';
import { vietnamDate } from '../shared/vietnam-time';
import { bookTitles } from './document-list-view';
import { selectListPage } from './document-list.repository';
import { listFilterSchema, listOrderOf, presentRows, toListFilter, type ListDeps } from './list-documents';
import { encodeCursor, decodeCursor } from './list-cursor';

export const MAX_EXPORT_ROWS = 50_000;
const CHUNK = 1000;

export const exportQuerySchema = listFilterSchema.extend({
  format: z.enum(['xlsx', 'csv'], { message: 'Định dạng xuất phải là xlsx hoặc csv' }),
});

const fileSlugs: Record<string, string> = { incoming: 'van-ban-den', outgoing: 'van-ban-di', drafts: 'du-thao', all: 'tat-ca-van-ban', starred: 'van-ban-danh-dau' };
const dmy = (iso: string | null) => (iso ? iso.slice(0, 10).split('-').reverse().join('/') : '');

export interface ExportedList {
  fileName: string;
  contentType: string;
  body: Buffer;
  rows: number;
}

/** The same filtered list as the screen shows, every row (up to MAX_EXPORT_ROWS), as XLSX or CSV. */
export async function exportDocumentList(deps: ListDeps, actor: Actor, query: z.infer<typeof exportQuerySchema>): Promise<ExportedList> {
  const filter = toListFilter(query);
  const { sort, desc } = listOrderOf(query);
  // Lists and search reach the documents of agencies merged into the actor's too.
  const viewer = await readingViewerOf(deps.db, actor);
  const rows: string[][] = [];
  let cursor: string | undefined;
  for (;;) {
    const chunk = await selectListPage(deps.db, viewer, filter, { sort, desc, cursor: cursor ? decodeCursor(cursor, sort, desc) : undefined, limit: CHUNK }, deps.now());
    const page = chunk.slice(0, CHUNK);
    for (const item of presentRows(page)) {
      rows.push([
        String(rows.length + 1), dmy(item.date), item.arrivalNumberText ?? '', item.symbol ?? '', dmy(item.issuedDate),
        item.direction === 'incoming' ? item.issuer ?? '' : item.recipients.join(', '), item.docTypeName, item.subject,
        item.urgencyText, item.secrecyText, item.statusText, item.handler ?? '', item.deadline ? dmy(vietnamDate(new Date(item.deadline))) : '',
      ]);
    }
    if (rows.length > MAX_EXPORT_ROWS) throw new AppError('EXPORT_TOO_LARGE', `Danh sách có hơn ${MAX_EXPORT_ROWS.toLocaleString('vi-VN')} văn bản; hãy thu hẹp bộ lọc (khoảng ngày, loại văn bản…) rồi xuất lại`);
    if (chunk.length <= CHUNK) break;
    const last = page[page.length - 1];
    cursor = encodeCursor({ sort, desc, value: last.sort_value, id: last.id });
  }
  const org = actor.organizationId ? await findOrganizationById(deps.db, actor.organizationId) : undefined;
  const range = `${query.from ?? 'dau'}_${query.to ?? vietnamDate(deps.now())}`;
  const book: RegisterBook = {
    title: bookTitles[query.book].toUpperCase(),
    organization: org?.name ?? '',
    period: query.from || query.to ? `Từ ngày ${dmy(query.from ?? null) || '…'} đến ngày ${dmy(query.to ?? null) || dmy(vietnamDate(deps.now()))}` : `Đến ngày ${dmy(vietnamDate(deps.now()))}`,
    columns: ['STT', 'Ngày', 'Số đến', 'Số, ký hiệu', 'Ngày văn bản', 'Cơ quan ban hành / Nơi nhận', 'Loại', 'Trích yếu', 'Độ khẩn', 'Độ mật', 'Trạng thái', 'Người xử lý', 'Hạn xử lý'],
    widths: [5, 10, 7, 14, 10, 20, 10, 40, 8, 8, 12, 14, 10],
    rows,
  };
  const fileName = `${fileSlugs[query.book]}_${range}.${query.format}`;
  if (query.format === 'csv') return { fileName, contentType: 'text/csv; charset=utf-8', body: registerBookCsv(book), rows: rows.length };
  return { fileName, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await registerBookXlsx(book), rows: rows.length };
}
