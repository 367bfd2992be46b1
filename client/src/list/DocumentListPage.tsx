import { useCallback, useEffect, useState } from 'react';
import type { DocumentListItem, DocumentListPage as Page } from '../../../server/search/document-list-view';
import { errorText } from '../api/http';
import { todayIso } from '../format';
import { useSession } from '../session';
import { Alert } from '../ui/Alert';
import { Link } from '../ui/Link';
import { bookPath, bookTitles, emptyFilters, listQuery, type Book, type ListFilters } from './books';
import { ListFiltersForm } from './ListFiltersForm';
import { ListTable, type SortState } from './ListTable';

const BOOK_TABS: Book[] = ['incoming', 'outgoing', 'drafts', 'all', 'starred'];
const PAGE_SIZE = 25;
// As the server names the file (server/search/export-document-list.ts).
const FILE_SLUGS: Record<Book, string> = { incoming: 'van-ban-den', outgoing: 'van-ban-di', drafts: 'du-thao', all: 'tat-ca-van-ban', starred: 'van-ban-danh-dau' };

/** The query typed into the header's search box travels in `?q=`. */
function useUrlQuery(): string {
  const read = () => new URLSearchParams(location.search).get('q') ?? '';
  const [q, setQ] = useState(read);
  useEffect(() => {
    const onPop = () => setQ(read());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  return q;
}

/** A list (sổ) of documents: tabs per book, filters and search, sortable columns, cursor pages, export. */
export function DocumentListPage({ book }: { book: Book }) {
  const { api } = useSession();
  const urlQ = useUrlQuery();
  const [filters, setFilters] = useState<ListFilters>(() => emptyFilters(urlQ));
  const [sort, setSort] = useState<SortState | null>(null);
  // Cursors of the pages before the current one: "Trang trước" pops, "Trang sau" pushes.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setFilters(emptyFilters(urlQ));
    setCursors([null]);
  }, [urlQ, book]);

  const effectiveSort: SortState = sort ?? (filters.q.trim() ? { sort: 'relevance', dir: 'desc' } : { sort: 'date', dir: 'desc' });
  const query = listQuery(book, filters, sort?.sort ?? null, sort?.dir ?? null);
  const queryText = query.toString();
  const cursor = cursors[cursors.length - 1];

  const load = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const p = new URLSearchParams(queryText);
      p.set('limit', String(PAGE_SIZE));
      if (cursor) p.set('cursor', cursor);
      setPage(await api.get<Page>(`/documents?${p}`));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }, [api, queryText, cursor]);

  useEffect(() => {
    void load();
  }, [load]);

  const apply = (f: ListFilters) => {
    setFilters(f);
    if (!f.q.trim() && sort?.sort === 'relevance') setSort(null);
    setCursors([null]);
  };
  const onSort = (s: SortState) => {
    setSort(s);
    setCursors([null]);
  };
  const onStar = async (item: DocumentListItem, starred: boolean, note?: string | null) => {
    try {
      if (starred) await api.put(`/documents/${item.id}/bookmark`, { note: note ?? item.note });
      else await api.del(`/documents/${item.id}/bookmark`);
      setPage((p) => p && { ...p, items: p.items.map((i) => (i.id === item.id ? { ...i, starred, note: starred ? (note ?? i.note) : null } : i)) });
    } catch (err) {
      setError(errorText(err));
    }
  };
  const exportFile = (format: 'xlsx' | 'csv') => {
    const p = new URLSearchParams(queryText);
    p.set('format', format);
    const range = `${filters.from || 'dau'}_${filters.to || todayIso()}`;
    void api.download(`/documents/export?${p}`, `${FILE_SLUGS[book]}_${range}.${format}`).catch((err) => setError(errorText(err)));
  };

  const pageNo = cursors.length;
  return (
    <div className="doc-lists">
      <div className="home-head">
        <h1>{filters.q.trim() ? `Kết quả tìm kiếm “${filters.q.trim()}”` : bookTitles[book]}</h1>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => exportFile('xlsx')}>
            Xuất Excel
          </button>
          <button type="button" className="secondary" onClick={() => exportFile('csv')}>
            Xuất CSV
          </button>
        </div>
      </div>
      <nav className="book-tabs" aria-label="Danh sách văn bản">
        {BOOK_TABS.map((b) => (
          <Link key={b} to={bookPath(b)} className={b === book ? 'active' : undefined}>
            {bookTitles[b]}
          </Link>
        ))}
      </nav>
      <section className="card">
        <ListFiltersForm value={filters} onApply={apply} />
      </section>
      <section className="card" aria-busy={busy} aria-labelledby="ket-qua">
        <h2 id="ket-qua" className="sr-only">
          Kết quả
        </h2>
        <Alert>{error}</Alert>
        {page && page.items.length === 0 && !busy && <p className="muted">Không có văn bản nào phù hợp.</p>}
        {page?.relevanceWindow && page.items.length > 0 && (
          <p className="muted" data-testid="relevance-window">
            Xếp theo mức độ liên quan trong {page.relevanceWindow} văn bản khớp mới nhất. Để xem cả văn bản cũ hơn, sắp xếp theo ngày hoặc thu hẹp khoảng thời gian.
          </p>
        )}
        {page && page.items.length > 0 && <ListTable items={page.items} sort={effectiveSort} onSort={onSort} onStar={onStar} showNotes={book === 'starred'} />}
        <div className="actions pager">
          <button type="button" className="secondary" disabled={pageNo === 1 || busy} onClick={() => setCursors((c) => c.slice(0, -1))}>
            ‹ Trang trước
          </button>
          <span className="muted" aria-live="polite">
            Trang {pageNo}
          </span>
          <button type="button" className="secondary" disabled={!page?.nextCursor || busy} onClick={() => page?.nextCursor && setCursors((c) => [...c, page.nextCursor])}>
            Trang sau ›
          </button>
        </div>
      </section>
    </div>
  );
}
