/** Previous/next for a page-numbered list (page counts from 1). */
export function Pager({ page, pages, setPage }: { page: number; pages: number; setPage: (page: number) => void }) {
  return (
    <nav className="pager" aria-label="Phân trang">
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>Trang trước</button>
      <span>Trang {page}/{pages}</span>
      <button type="button" className="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>Trang sau</button>
    </nav>
  );
}
