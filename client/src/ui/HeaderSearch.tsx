import { useState, type FormEvent } from 'react';
import { navigate } from '../router';

/** The one search box of the header: searches every document the user may see. */
export function HeaderSearch() {
  const [q, setQ] = useState(() => (location.pathname === '/tim-kiem' ? new URLSearchParams(location.search).get('q') ?? '' : ''));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (q.trim()) navigate(`/tim-kiem?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <form className="header-search" role="search" onSubmit={submit}>
      <input type="search" aria-label="Tìm văn bản" placeholder="Tìm văn bản (không cần dấu)…" value={q} maxLength={200} onChange={(e) => setQ(e.target.value)} />
      <button type="submit">Tìm</button>
    </form>
  );
}
