import { useEffect, useState } from 'react';
import { errorText } from '../api/http';
import { useSession } from '../session';
import { useToast } from '../ui/toasts';

interface Bookmark {
  starred: boolean;
  note: string | null;
}

/** The caller's own star on this document, with a private note (only they see it). */
export function BookmarkPanel({ documentId }: { documentId: string }) {
  const { api } = useSession();
  const notify = useToast();
  const [mark, setMark] = useState<Bookmark | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .get<Bookmark>(`/documents/${documentId}/bookmark`)
      .then((b) => {
        if (!live) return;
        setMark(b);
        setNote(b.note ?? '');
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, documentId]);

  if (!mark) return null;
  const save = async (starred: boolean, text: string) => {
    setBusy(true);
    try {
      if (starred) {
        const b = await api.put<Bookmark>(`/documents/${documentId}/bookmark`, { note: text.trim() || null });
        setMark(b);
        notify(mark.starred ? 'Đã lưu ghi chú.' : 'Đã đánh dấu văn bản.', 'success');
      } else {
        await api.del(`/documents/${documentId}/bookmark`);
        setMark({ starred: false, note: null });
        setNote('');
        notify('Đã bỏ đánh dấu văn bản.', 'success');
      }
    } catch (err) {
      notify(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card bookmark-panel" aria-labelledby="tt-danh-dau">
      <h2 id="tt-danh-dau">
        <button type="button" className={`star ${mark.starred ? 'on' : ''}`} aria-pressed={mark.starred} disabled={busy} onClick={() => void save(!mark.starred, note)}>
          {mark.starred ? '★ Đã đánh dấu' : '☆ Đánh dấu'}
        </button>
      </h2>
      {mark.starred && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save(true, note);
          }}
        >
          <label>
            Ghi chú riêng (chỉ mình tôi thấy)
            <textarea value={note} maxLength={1000} rows={2} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" className="secondary" disabled={busy || note.trim() === (mark.note ?? '')}>
            Lưu ghi chú
          </button>
        </form>
      )}
    </section>
  );
}
