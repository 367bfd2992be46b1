import { bookTitles, type Book } from '../../../server/search/document-list-view';
import { statusNames } from '../../../server/contract/codes';

export { bookTitles };
export type { Book };

/** Vietnamese URL slugs of the lists. */
export const bookSlugs: Record<Book, string> = { incoming: 'den', outgoing: 'di', drafts: 'du-thao', all: 'tat-ca', starred: 'danh-dau' };
export const bookBySlug = (slug: string): Book | undefined => (Object.keys(bookSlugs) as Book[]).find((b) => bookSlugs[b] === slug);
export const bookPath = (book: Book) => `/danh-sach/${bookSlugs[book]}`;

export interface ListFilters {
  q: string;
  from: string;
  to: string;
  register: string;
  docType: string;
  party: string;
  signer: string;
  urgency: string;
  secrecy: string;
  status: string;
  handler: string;
  overdue: boolean;
}

export const emptyFilters = (q = ''): ListFilters => ({ q, from: '', to: '', register: '', docType: '', party: '', signer: '', urgency: '', secrecy: '', status: '', handler: '', overdue: false });

/** The query string of a list (filters, sort) without paging. */
export function listQuery(book: Book, f: ListFilters, sort: string | null, dir: 'asc' | 'desc' | null): URLSearchParams {
  const p = new URLSearchParams({ book });
  for (const [k, v] of Object.entries(f)) {
    if (k === 'overdue') {
      if (v) p.set('overdue', 'true');
    } else if (typeof v === 'string' && v.trim()) p.set(k, v.trim());
  }
  if (sort) p.set('sort', sort);
  if (dir) p.set('dir', dir);
  return p;
}

/** The status filter's choices, in the contract's order and words. */
export const STATUS_OPTIONS: [string, string][] = Object.entries(statusNames);
