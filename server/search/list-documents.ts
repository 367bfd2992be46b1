import { findOrganizationsByIds } from '../organizations/organizations.repository';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Actor } from '../shared/actor';
import { SECRECIES, URGENCIES, secrecyNames, statusNames, urgencyNames, type DocumentStatus } from '../document-core/document-types';
import { readingViewerOf } from '../document-core/secret-access.repository';
import { DOC_TYPES, formatNumber } from '../registers/symbol';
import { AppError } from '../shared/errors';
import { BOOKS, SORTS, type DocumentListItem, type DocumentListPage, type SnippetPart } from './document-list-view';
import { loadHighlights, RELEVANCE_CANDIDATES, selectListPage, type ListFilter, type ListRow } from './document-list.repository';
import { decodeCursor, encodeCursor } from './list-cursor';
import { toTsQuery } from './search-query';

const STATUSES = Object.keys(statusNames) as [DocumentStatus, ...DocumentStatus[]];
const day = z.iso.date('Ngày phải có dạng YYYY-MM-DD');
const uuid = z.uuid('Mã định danh không hợp lệ');

/** The filters every list and its export accept (query string). */
export const listFilterSchema = z.object({
  book: z.enum(BOOKS, { message: 'Danh sách không hợp lệ (incoming, outgoing, drafts, all, starred)' }).default('all'),
  q: z.string().trim().max(200, 'Chuỗi tìm kiếm tối đa 200 ký tự').optional(),
  from: day.optional(),
  to: day.optional(),
  register: uuid.optional(),
  docType: z.string().trim().min(1).max(8).optional(),
  party: z.string().trim().min(1).max(35).optional(),
  signer: uuid.optional(),
  urgency: z.enum(URGENCIES, { message: 'Độ khẩn không hợp lệ' }).optional(),
  secrecy: z.enum(SECRECIES, { message: 'Độ mật không hợp lệ' }).optional(),
  status: z.enum(STATUSES, { message: 'Trạng thái không hợp lệ' }).optional(),
  handler: uuid.optional(),
  overdue: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional(),
  sort: z.enum(SORTS, { message: 'Cột sắp xếp không hợp lệ' }).optional(),
  dir: z.enum(['asc', 'desc'], { message: 'Chiều sắp xếp phải là asc hoặc desc' }).optional(),
});
export type ListFilterQuery = z.infer<typeof listFilterSchema>;

export const listQuerySchema = listFilterSchema.extend({
  limit: z.coerce.number().int().min(1, 'Số dòng mỗi trang từ 1 đến 200').max(200, 'Số dòng mỗi trang từ 1 đến 200').default(50),
  cursor: z.string().max(3000).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** Query-string filters as repository filters (dates are whole Vietnamese days, `to` inclusive). */
export function toListFilter(query: ListFilterQuery): ListFilter {
  if (query.from && query.to && query.to < query.from) throw new AppError('VALIDATION_FAILED', 'Ngày kết thúc phải sau hoặc bằng ngày bắt đầu');
  const tsquery = query.q ? toTsQuery(query.q) : null;
  if (query.q && !tsquery) throw new AppError('VALIDATION_FAILED', 'Chuỗi tìm kiếm cần ít nhất một từ (chữ hoặc số)');
  return {
    book: query.book,
    start: query.from ? new Date(`${query.from}T00:00:00+07:00`) : undefined,
    end: query.to ? new Date(new Date(`${query.to}T00:00:00+07:00`).getTime() + 86_400_000) : undefined,
    registerId: query.register,
    docType: query.docType,
    party: query.party,
    signerId: query.signer,
    urgency: query.urgency,
    secrecy: query.secrecy,
    status: query.status,
    handlerId: query.handler,
    overdue: query.overdue,
    tsquery,
  };
}

/** Default order: by relevance when searching, else newest first. */
export function listOrderOf(query: Pick<ListFilterQuery, 'sort' | 'dir' | 'q'>) {
  const sort = query.sort ?? (query.q ? 'relevance' : 'date');
  if (sort === 'relevance' && !query.q) throw new AppError('VALIDATION_FAILED', 'Chỉ sắp xếp theo mức độ phù hợp khi có chuỗi tìm kiếm');
  return { sort, desc: (query.dir ?? (sort === 'date' || sort === 'relevance' ? 'desc' : 'asc')) === 'desc' };
}

const bookOf = (r: Pick<ListRow, 'direction' | 'status'>): DocumentListItem['book'] =>
  r.direction === 'incoming' ? 'incoming' : ['issued', 'recalled'].includes(r.status) ? 'outgoing' : 'drafts';

// ts_headline wraps matches in these; the presenter turns them into parts, never into HTML.
const START = '\u0002';
const STOP = '\u0003';
function toParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const piece of headline.split(START)) {
    const [hit, after] = piece.includes(STOP) ? piece.split(STOP, 2) : [null, piece];
    if (hit) parts.push({ text: hit, hit: true });
    if (after) parts.push({ text: after, hit: false });
  }
  return parts;
}

export interface ListDeps {
  db: Knex;
  now: () => Date;
}

/** Rows of a list in the shape the API returns (a whitelist of fields). */
export function presentRows(rows: ListRow[]): DocumentListItem[] {
  return rows.map((r) => ({
    id: r.id,
    book: bookOf(r),
    direction: r.direction,
    symbol: r.symbol,
    subject: r.subject,
    date: r.list_date,
    arrivalNumber: r.arrival_number,
    arrivalNumberText: r.arrival_number ? formatNumber(r.arrival_number) : null,
    number: r.number,
    issuedDate: r.issued_date,
    issuer: r.issuer_name,
    recipients: r.recipient_codes ?? [],
    docType: r.doc_type,
    docTypeName: DOC_TYPES[r.doc_type] ?? r.doc_type,
    urgency: r.urgency,
    urgencyText: urgencyNames[r.urgency],
    secrecy: r.secrecy,
    secrecyText: secrecyNames[r.secrecy],
    status: r.status,
    statusText: statusNames[r.status],
    handler: r.handler ?? null,
    deadline: r.deadline ? new Date(r.deadline).toISOString() : null,
    overdue: Boolean(r.overdue),
    starred: Boolean(r.starred),
    note: r.starred ? r.note ?? null : null,
  }));
}

/** A page of a list: the same visibility as the document page, keyset-paged. */
export async function listDocuments(deps: ListDeps, actor: Actor, query: ListQuery): Promise<DocumentListPage> {
  const filter = toListFilter(query);
  const { sort, desc } = listOrderOf(query);
  const cursor = query.cursor ? decodeCursor(query.cursor, sort, desc) : undefined;
  // Lists and search reach the documents of agencies merged into the actor's too.
  const viewer = await readingViewerOf(deps.db, actor);
  const rows = await selectListPage(deps.db, viewer, filter, { sort, desc, cursor, limit: query.limit }, deps.now());
  const page = rows.slice(0, query.limit);
  const items = presentRows(page);
  // Documents of an agency merged into the viewer's say whose they were.
  const foreign = [...new Set(page.filter((r) => r.organization_id !== actor.organizationId).map((r) => r.organization_id))];
  if (foreign.length) {
    const names = new Map((await findOrganizationsByIds(deps.db, foreign)).map((o) => [o.id, o.name]));
    page.forEach((r, i) => {
      if (r.organization_id !== actor.organizationId) items[i].heldBy = names.get(r.organization_id) ?? '';
    });
  }
  if (filter.tsquery && page.length) {
    const highlights = new Map((await loadHighlights(deps.db, page.map((r) => r.id), filter.tsquery, START, STOP)).map((h) => [h.id, h]));
    for (const item of items) {
      const h = highlights.get(item.id);
      if (h) item.highlight = { subject: toParts(h.subject_hl), passage: toParts(h.passage_hl).some((p) => p.hit) ? toParts(h.passage_hl) : [] };
    }
  }
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor({ sort, desc, value: last.sort_value, id: last.id }) : null;
  return sort === 'relevance' && filter.tsquery ? { items, nextCursor, relevanceWindow: RELEVANCE_CANDIDATES } : { items, nextCursor };
}
