import { useEffect, useState } from 'react';
import { dateVn } from '../format';
import { useLive } from '../realtime';
import { useSession } from '../session';
import { Link } from '../ui/Link';

interface Pending {
  id: string;
  question: string;
  deadline: string | null;
  documentId: string;
  subject: string;
  requestedBy: string;
}

/** Drafts colleagues asked this user's opinion on (xin ý kiến), on the home screen. */
export function PendingConsultations() {
  const { api } = useSession();
  const { tick } = useLive();
  const [items, setItems] = useState<Pending[]>([]);
  useEffect(() => {
    api.get<{ items: Pending[] }>('/consultations/pending').then((r) => setItems(r.items)).catch(() => setItems([]));
  }, [api, tick]);
  if (items.length === 0) return null;
  return (
    <section className="card inbox-section" aria-labelledby="tieu-de-xin-y-kien" data-section="consultations">
      <h2 id="tieu-de-xin-y-kien">Dự thảo chờ bạn góp ý ({items.length})</h2>
      <ul className="doc-list">
        {items.map((c) => (
          <li key={c.id}>
            <Link to={`/van-ban/${c.documentId}`} className="doc-link">
              <span className="doc-subject">{c.subject}</span>
              <span className="doc-meta">
                <span>{c.requestedBy}: {c.question}</span>
                {c.deadline && <span className="deadline">Hạn {dateVn(c.deadline)}</span>}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
