import type { HistoryItem } from '../api/types';
import { dateTimeVn } from '../format';

export function HistoryPanel({ items }: { items: HistoryItem[] }) {
  return (
    <section className="card" aria-labelledby="tt-lich-su">
      <h2 id="tt-lich-su">Lịch sử xử lý</h2>
      {items.length === 0 ? (
        <p className="muted">Chưa có.</p>
      ) : (
        <ol className="timeline">
          {items.map((h, i) => (
            <li key={`${h.at}-${i}`}>
              <time dateTime={h.at}>{dateTimeVn(h.at)}</time>
              <span>{h.summary}</span>
              {h.actorName && <small className="muted">{h.actorName}</small>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
