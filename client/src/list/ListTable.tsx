import { useState } from 'react';
import type { DocumentListItem } from '../../../server/search/document-list-view';
import { dateVn } from '../format';
import { Link } from '../ui/Link';
import { Highlight } from './Highlight';

export type SortState = { sort: string; dir: 'asc' | 'desc' };

const columns: [key: string | null, title: string, className?: string][] = [
  ['arrivalNumber', 'Số đến'],
  ['symbol', 'Số, ký hiệu'],
  ['date', 'Ngày'],
  [null, 'Cơ quan ban hành / Nơi nhận', 'hide-narrow'],
  ['subject', 'Trích yếu'],
  ['docType', 'Loại', 'hide-narrow'],
  ['urgency', 'Độ khẩn', 'hide-narrow'],
  ['status', 'Trạng thái'],
  [null, 'Người xử lý'],
  [null, 'Hạn xử lý', 'hide-narrow'],
];

interface Props {
  items: DocumentListItem[];
  sort: SortState;
  onSort: (s: SortState) => void;
  onStar: (item: DocumentListItem, starred: boolean, note?: string | null) => Promise<void>;
  showNotes: boolean;
}

/** One page of a list: sortable columns, each row linking to its document, a star per row. */
export function ListTable({ items, sort, onSort, onStar, showNotes }: Props) {
  const clickSort = (key: string) => onSort({ sort: key, dir: sort.sort === key && sort.dir === 'asc' ? 'desc' : sort.sort === key ? 'asc' : key === 'date' ? 'desc' : 'asc' });
  return (
    <div className="table-wrap">
      <table className="doc-table">
        <thead>
          <tr>
            <th scope="col" className="star-col">
              <span className="sr-only">Đánh dấu</span>
            </th>
            {columns.map(([key, title, cls]) => (
              <th key={title} scope="col" className={cls} aria-sort={key && sort.sort === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                {key ? (
                  <button type="button" className="sort" onClick={() => clickSort(key)}>
                    {title}
                    <span aria-hidden="true">{sort.sort === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                ) : (
                  title
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <Row key={d.id} d={d} onStar={onStar} showNotes={showNotes} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row({ d, onStar, showNotes }: { d: DocumentListItem; onStar: Props['onStar']; showNotes: boolean }) {
  const [note, setNote] = useState(d.note ?? '');
  const party = d.direction === 'incoming' ? d.issuer : d.recipients.join(', ');
  return (
    <tr className={d.overdue ? 'overdue-row' : undefined} data-testid="list-row">
      <td className="star-col">
        <button type="button" className={`star ${d.starred ? 'on' : ''}`} aria-pressed={d.starred} aria-label={d.starred ? 'Bỏ đánh dấu' : 'Đánh dấu'} onClick={() => void onStar(d, !d.starred)}>
          {d.starred ? '★' : '☆'}
        </button>
      </td>
      <td>{d.arrivalNumberText ?? ''}</td>
      <td>{d.symbol ?? <span className="muted">Chưa cấp số</span>}</td>
      <td>{dateVn(d.date)}</td>
      <td className="hide-narrow">{party}</td>
      <td className="subject-cell">
        <Link to={`/van-ban/${d.id}`} className="doc-subject">
          {d.highlight ? <Highlight parts={d.highlight.subject} /> : d.subject}
        </Link>
        {d.highlight && d.highlight.passage.length > 0 && (
          <small className="snippet">
            <Highlight parts={d.highlight.passage} />
          </small>
        )}
        {d.secrecy !== 'normal' && <span className="tag bad">{d.secrecyText}</span>}
        {d.heldBy && <span className="tag" data-testid="held-by">Của {d.heldBy} (đã sáp nhập)</span>}
        {showNotes && d.starred && (
          <form
            className="note-form"
            onSubmit={(e) => {
              e.preventDefault();
              void onStar(d, true, note);
            }}
          >
            <input aria-label="Ghi chú riêng" value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} placeholder="Ghi chú riêng…" />
            <button type="submit" className="secondary">
              Lưu ghi chú
            </button>
          </form>
        )}
      </td>
      <td className="hide-narrow">{d.docTypeName}</td>
      <td className="hide-narrow">{d.urgency !== 'normal' ? <span className="tag urgent">{d.urgencyText}</span> : d.urgencyText}</td>
      <td>
        <span className="tag status">{d.statusText}</span>
      </td>
      <td>{d.handler ?? ''}</td>
      <td className={`hide-narrow ${d.overdue ? 'deadline late' : ''}`}>{d.deadline ? dateVn(d.deadline) : ''}{d.overdue ? ' (quá hạn)' : ''}</td>
    </tr>
  );
}
