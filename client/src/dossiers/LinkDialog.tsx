import { useState, type FormEvent } from 'react';
import { ApiError, errorText } from '../api/http';
import { dateVn } from '../format';
import { useLive } from '../realtime';
import { useSession } from '../session';
import { Alert } from '../ui/Alert';

interface Found {
  id: string;
  symbol: string | null;
  subject: string;
  date: string | null;
  book?: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Finds a document to put in the dossier: the search API (`/documents?book=all&q=`) when the
 * server has it, else the documents of the user's inbox; a pasted document link or id works always.
 */
export function LinkDialog({ onLink, onClose }: { onLink: (documentId: string) => Promise<void>; onClose: () => void }) {
  const { api } = useSession();
  const { inbox } = useLive();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found[] | null>(null);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.get<{ items: Found[] }>(`/documents?book=all&q=${encodeURIComponent(q.trim())}`);
      setFound(r.items);
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 400)) return setError(errorText(err));
      // No search endpoint on this server: look through the documents the user can see in the inbox.
      const needle = q.trim().toLocaleLowerCase('vi');
      const seen = new Map<string, Found>();
      for (const item of inbox?.items ?? []) {
        const d = item.document;
        if (`${d.symbol ?? ''} ${d.subject}`.toLocaleLowerCase('vi').includes(needle)) seen.set(d.id, { id: d.id, symbol: d.symbol, subject: d.subject, date: d.issuedDate });
      }
      setFound([...seen.values()]);
    }
  };

  const link = async (id: string) => {
    setBusy(true);
    setError(null);
    try {
      await onLink(id);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const pastedId = UUID.exec(pasted)?.[0];
  return (
    <div className="inline-form link-dialog" role="dialog" aria-label="Thêm văn bản vào hồ sơ">
      <form className="actions" onSubmit={search} role="search">
        <label className="field grow">
          <span className="field-label">Tìm văn bản (số, ký hiệu, trích yếu)</span>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
        </label>
        <button type="submit">Tìm</button>
      </form>
      {found && (
        <ul className="doc-list">
          {found.length === 0 && <li className="muted">Không tìm thấy văn bản.</li>}
          {found.map((d) => (
            <li key={d.id} className="found">
              <span>
                <strong>{d.symbol ?? 'Chưa có số'}</strong> — {d.subject} {d.date && <small className="muted">({dateVn(d.date)})</small>}
              </span>
              <button type="button" className="secondary" disabled={busy} onClick={() => void link(d.id)}>
                Thêm
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="field">
        <span className="field-label">Hoặc dán đường dẫn / mã văn bản</span>
        <input value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder="/van-ban/…" />
      </label>
      <Alert>{pasted && !pastedId ? 'Không nhận ra mã văn bản trong nội dung đã dán' : error}</Alert>
      <div className="actions">
        <button type="button" disabled={!pastedId || busy} onClick={() => pastedId && void link(pastedId)}>
          Thêm văn bản này
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Đóng
        </button>
      </div>
    </div>
  );
}
