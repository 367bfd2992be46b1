import { useEffect, useState } from 'react';
import { errorText } from '../api/http';
import type { DocumentView, ExchangeAttachment } from '../api/types';
import { useSession } from '../session';
import { useToast } from '../ui/toasts';

const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** A document that came by edXML lists its attachments (kept byte for byte); an issued one offers its edXML package. */
export function ExchangePanel({ doc }: { doc: DocumentView }) {
  const { api } = useSession();
  const notify = useToast();
  const [items, setItems] = useState<ExchangeAttachment[]>([]);
  const [to, setTo] = useState(doc.recipients?.[0] ?? '');

  useEffect(() => {
    api
      .get<{ items: ExchangeAttachment[] }>(`/documents/${doc.id}/attachments`)
      .then((r) => setItems(r.items))
      .catch(() => setItems([]));
  }, [api, doc.id]);

  const issued = doc.direction === 'outgoing' && doc.status === 'issued' && doc.hasFile;
  if (items.length === 0 && !issued) return null;
  return (
    <section className="card" aria-labelledby="tt-lien-thong">
      <h2 id="tt-lien-thong">Liên thông edXML</h2>
      {items.length > 0 && (
        <ul>
          {items.map((a) => (
            <li key={a.position}>
              <button type="button" className="secondary" onClick={() => void api.download(`/documents/${doc.id}/attachments/${a.position}`, a.name).catch((err) => notify(errorText(err), 'error'))}>
                {a.name}
              </button>{' '}
              <small className="muted">{sizeText(a.size)}</small>
            </li>
          ))}
        </ul>
      )}
      {issued && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void api.download(`/documents/${doc.id}/edxml?to=${encodeURIComponent(to)}`, `${(doc.symbol ?? 'van-ban').replace(/[^\w.-]+/g, '-')}.edxml`).catch((err) => notify(errorText(err), 'error'));
          }}
        >
          <label className="field">
            <span className="field-label">Mã định danh nơi nhận</span>
            <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="Ví dụ: 000.00.32.H53" required />
          </label>
          <button type="submit" className="secondary" disabled={!to.trim()}>
            Tải gói tin edXML
          </button>
        </form>
      )}
    </section>
  );
}
