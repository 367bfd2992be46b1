import type { Knex } from 'knex';
import type { DocumentStatus, Secrecy, Urgency } from '../document-core/document-types';
import { whereVisibleTo, type SqlViewer } from '../document-core/secret-access.repository';
import type { Book, ListSort } from './document-list-view';
import type { ListCursor } from './list-cursor';

export interface ListFilter {
  book: Book;
  /** [start, end) instants of the list date. */
  start?: Date;
  end?: Date;
  registerId?: string;
  docType?: string;
  /** Issuing (incoming) or receiving (outgoing) organisation, by code. */
  party?: string;
  signerId?: string;
  urgency?: Urgency;
  secrecy?: Secrecy;
  status?: DocumentStatus;
  handlerId?: string;
  overdue?: boolean;
  /** A tsquery text for the `vanban_vi` configuration (see search-query.ts). */
  tsquery?: string | null;
}

export interface ListOrder {
  sort: ListSort;
  desc: boolean;
  cursor?: ListCursor;
  limit: number;
}

export interface ListRow {
  id: string;
  /** The agency holding the document: the viewer's, or one merged into it. */
  organization_id: string;
  direction: 'incoming' | 'outgoing';
  status: DocumentStatus;
  doc_type: string;
  subject: string;
  urgency: Urgency;
  secrecy: Secrecy;
  issuer_name: string | null;
  symbol: string | null;
  number: number | null;
  issued_date: string | null;
  arrival_number: number | null;
  recipient_codes: string[];
  created_by: string | null;
  list_date: string;
  sort_value: string;
  /** The lead assignee (person or unit) or, for outgoing documents, the drafter. */
  handler: string | null;
  deadline: Date | null;
  overdue: boolean | null;
  starred: boolean;
  note: string | null;
}

const ISSUED = ['issued', 'recalled'];
const TSQ = "to_tsquery('vanban_vi', ?)";

/** Each sort as an SQL expression over `d` and the type its cursor value is cast back to. */
function sortExpression(sort: ListSort, tsquery: string | null | undefined): { sql: string; type: string; bindings: string[] } {
  switch (sort) {
    case 'arrivalNumber':
      return { sql: '(coalesce(d.register_year, 0)::bigint * 10000000 + coalesce(d.arrival_number, 0))', type: 'bigint', bindings: [] };
    case 'number':
      return { sql: '(coalesce(d.register_year, 0)::bigint * 10000000 + coalesce(d.number, 0))', type: 'bigint', bindings: [] };
    case 'symbol':
      return { sql: "coalesce(d.symbol, '')::text", type: 'text', bindings: [] };
    case 'subject':
      return { sql: 'd.subject', type: 'text', bindings: [] };
    case 'docType':
      return { sql: 'd.doc_type::text', type: 'text', bindings: [] };
    case 'status':
      return { sql: 'd.status::text', type: 'text', bindings: [] };
    case 'urgency':
      return { sql: "(CASE d.urgency WHEN 'hoa_toc' THEN 3 WHEN 'thuong_khan' THEN 2 WHEN 'khan' THEN 1 ELSE 0 END)", type: 'integer', bindings: [] };
    case 'relevance':
      if (tsquery) return { sql: `ts_rank(d.search_tsv, ${TSQ})`, type: 'real', bindings: [tsquery] };
      return { sql: 'd.list_at', type: 'timestamptz', bindings: [] };
    default:
      return { sql: 'd.list_at', type: 'timestamptz', bindings: [] };
  }
}

/** The filtered, visible documents of one list, unordered (shared by pages and exports). */
function filtered(db: Knex, viewer: SqlViewer, f: ListFilter, now: Date): Knex.QueryBuilder {
  const qb = whereVisibleTo(db('documents as d'), viewer);
  if (f.book === 'incoming') qb.where('d.direction', 'incoming');
  if (f.book === 'outgoing') qb.where('d.direction', 'outgoing').whereIn('d.status', ISSUED);
  if (f.book === 'drafts') qb.where('d.direction', 'outgoing').whereNotIn('d.status', ISSUED);
  if (f.book === 'starred') qb.join('document_bookmarks as b', (j) => j.on('b.document_id', 'd.id').andOnVal('b.user_id', viewer.userId));
  if (f.start) qb.where('d.list_at', '>=', f.start);
  if (f.end) qb.where('d.list_at', '<', f.end);
  if (f.registerId) qb.where('d.register_id', f.registerId);
  if (f.docType) qb.where('d.doc_type', f.docType);
  if (f.party) qb.where((w) => w.where('d.issuer_code', f.party!).orWhereRaw('? = ANY(d.recipient_codes)', [f.party!]));
  if (f.signerId) qb.where('d.signed_by', f.signerId);
  if (f.urgency) qb.where('d.urgency', f.urgency);
  if (f.secrecy) qb.where('d.secrecy', f.secrecy);
  if (f.status) qb.where('d.status', f.status);
  if (f.handlerId) {
    qb.whereRaw(
      "((d.direction = 'outgoing' AND d.created_by = ?) OR d.id IN (SELECT a.document_id FROM assignments a WHERE a.assignee_user_id = ? AND a.role = 'lead'))",
      [f.handlerId, f.handlerId],
    );
  }
  if (f.overdue) qb.whereRaw("d.id IN (SELECT a.document_id FROM assignments a WHERE a.status <> 'completed' AND (a.overdue OR a.deadline < ?))", [now]);
  if (f.tsquery) qb.whereRaw(`d.search_tsv @@ ${TSQ}`, [f.tsquery]);
  return qb;
}

/**
 * A relevance-ordered search ranks only the newest RELEVANCE_CANDIDATES matches. A common word
 * matches tens of thousands of documents: ranking them all (and reading them through the GIN
 * index, whose posting lists span every organisation) costs a second at a million documents.
 * Older matches stay reachable by sorting by date or narrowing the range.
 *
 * The newest matches are found in one of two ways, chosen at run time rather than by the planner
 * (whose estimate for `ke & hoach` is four times too low, as the words come together):
 *  A. walk the list's own (organisation, date) index over its newest RECENT_WINDOW documents,
 *     testing each stored tsvector — if that yields RELEVANCE_CANDIDATES matches, they are exactly
 *     the newest ones, found after reading RELEVANCE_CANDIDATES / density rows;
 *  B. otherwise the word is rare in this list: the GIN index finds every match, few by then.
 * Both run in one statement; B runs only when A fell short (a one-time filter on A's count).
 */
export const RELEVANCE_CANDIDATES = 500;
const RECENT_WINDOW = 5000;

/** The ids of the newest matching, visible documents of a search (see above). */
function relevanceCandidates(db: Knex, viewer: SqlViewer, f: ListFilter & { tsquery: string }, now: Date): Knex.QueryBuilder {
  // Narrow rows (id, date, tsvector): carrying whole documents through the walk costs four times as much.
  const newest = (qb: Knex.QueryBuilder, alias: string) => qb.orderByRaw(`${alias}.list_at DESC, ${alias}.id DESC`);
  const window = newest(filtered(db, viewer, { ...f, tsquery: null }, now).select('d.id', 'd.list_at', 'd.search_tsv'), 'd').limit(RECENT_WINDOW);
  const recent = newest(db.from(window.as('w')).select('w.id').whereRaw(`w.search_tsv @@ ${TSQ}`, [f.tsquery]), 'w').limit(RELEVANCE_CANDIDATES);
  const everywhere = newest(filtered(db, viewer, f, now).select('d.id', 'd.list_at'), 'd').limit(RELEVANCE_CANDIDATES);
  return db
    .queryBuilder()
    .with('recent', recent)
    .select('recent.id')
    .from('recent')
    .whereRaw('(SELECT count(*) FROM recent) = ?', [RELEVANCE_CANDIDATES])
    .unionAll((u) => u.select('e.id').from(everywhere.as('e')).whereRaw('(SELECT count(*) FROM recent) < ?', [RELEVANCE_CANDIDATES]));
}

const LIST_COLUMNS = [
  'd.id', 'd.direction', 'd.status', 'd.doc_type', 'd.subject', 'd.urgency', 'd.secrecy', 'd.issuer_name', 'd.symbol', 'd.number',
  'd.arrival_number', 'd.recipient_codes', 'd.created_by', 'd.organization_id',
];

/**
 * One page (limit + 1 rows, so the caller knows whether another follows), in keyset order, with
 * each row's lead handler, deadline and the caller's bookmark — one round trip: the details are
 * looked up only for the rows of the page (the inner query is already limited).
 */
export async function selectListPage(db: Knex, viewer: SqlViewer, f: ListFilter, order: ListOrder, now: Date): Promise<ListRow[]> {
  const key = sortExpression(order.sort, f.tsquery);
  const dir = order.desc ? 'DESC' : 'ASC';
  const base: Knex.QueryBuilder = order.sort === 'relevance' && f.tsquery ? db('documents as d').whereIn('d.id', relevanceCandidates(db, viewer, { ...f, tsquery: f.tsquery }, now)) : filtered(db, viewer, f, now);
  const inner = base
    .select(LIST_COLUMNS)
    .select(db.raw("to_char(d.issued_date, 'YYYY-MM-DD') AS issued_date"))
    .select(db.raw("to_char(d.list_at AT TIME ZONE 'UTC' + interval '7 hours', 'YYYY-MM-DD') AS list_date"))
    .select(db.raw(`${key.sql} AS sort_key`, key.bindings))
    .select(db.raw(`(${key.sql})::text AS sort_value`, key.bindings));
  if (order.cursor) {
    inner.whereRaw(`(${key.sql}, d.id) ${order.desc ? '<' : '>'} (?::${key.type}, ?::uuid)`, [...key.bindings, order.cursor.value, order.cursor.id]);
  }
  inner.orderByRaw(`${key.sql} ${dir}, d.id ${dir}`, key.bindings).limit(order.limit + 1);
  return db
    .from(inner.as('p'))
    .joinRaw(
      `LEFT JOIN LATERAL (SELECT coalesce(u.full_name, un.name) AS handler, a.deadline, (a.status <> 'completed' AND (a.overdue OR a.deadline < ?)) AS overdue
         FROM assignments a LEFT JOIN users u ON u.id = a.assignee_user_id LEFT JOIN units un ON un.id = a.assignee_unit_id
        WHERE a.document_id = p.id AND a.role = 'lead' ORDER BY a.created_at DESC LIMIT 1) lead ON true`,
      [now],
    )
    .leftJoin('document_bookmarks as bm', (j) => j.on('bm.document_id', 'p.id').andOnVal('bm.user_id', viewer.userId))
    .select(
      'p.*',
      db.raw(`coalesce(lead.handler, CASE WHEN p.direction = 'outgoing' THEN (SELECT u.full_name FROM users u WHERE u.id = p.created_by) END) AS handler`),
      'lead.deadline',
      'lead.overdue',
      'bm.note',
      db.raw('(bm.user_id IS NOT NULL) AS starred'),
    )
    .orderByRaw(`p.sort_key ${dir}, p.id ${dir}`);
}

export interface HighlightRow {
  id: string;
  subject_hl: string;
  passage_hl: string;
}

/** Highlighted subject and passage (directions, comments, PDF text) of the listed documents. */
export async function loadHighlights(db: Knex, documentIds: string[], tsquery: string, startSel: string, stopSel: string): Promise<HighlightRow[]> {
  if (documentIds.length === 0) return [];
  const subjectOpts = `StartSel=${startSel}, StopSel=${stopSel}, HighlightAll=true`;
  const passageOpts = `StartSel=${startSel}, StopSel=${stopSel}, MaxFragments=2, MaxWords=30, MinWords=10, FragmentDelimiter=" … "`;
  return db('documents as d')
    .leftJoin('document_texts as t', 't.file_key', 'd.file_key')
    .whereIn('d.id', documentIds)
    .select(
      'd.id',
      db.raw(`ts_headline('vanban_vi', d.subject, ${TSQ}, ?) AS subject_hl`, [tsquery, subjectOpts]),
      db.raw(
        `ts_headline('vanban_vi',
           concat_ws(' · ', d.issuer_name,
             (SELECT string_agg(x.instruction, ' · ') FROM directions x WHERE x.document_id = d.id),
             (SELECT string_agg(c.body, ' · ') FROM document_comments c WHERE c.document_id = d.id),
             d.return_reason, left(t.content, 20000)),
           ${TSQ}, ?) AS passage_hl`,
        [tsquery, passageOpts],
      ),
    );
}
