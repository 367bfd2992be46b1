import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import { dateVn } from '../format';
import { useLive } from '../realtime';
import { useSession } from '../session';
import { useSubjectAreas } from '../org/useSubjectAreas';
import { Alert } from '../ui/Alert';
import { Link } from '../ui/Link';
import { DOSSIER_TABS, statusTone, type DossierPage, type DossierSummaryView } from './dossier-format';

/** Dossiers of the agency: tabs by state, search and filters, overdue in red, paged; printable and exportable. */
export function DossierListPage() {
  const { api } = useSession();
  const { tick } = useLive();
  const [tab, setTab] = useState(() => new URLSearchParams(location.search).get('trang-thai') ?? '');
  const [q, setQ] = useState('');
  const [field, setField] = useState('');
  // Filter by the agency's subject areas, stopped ones included (older dossiers keep them).
  const areas = useSubjectAreas(false);
  const [applied, setApplied] = useState({ q: '', field: '' });
  const [items, setItems] = useState<DossierSummaryView[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const query = useCallback(
    (extra: Record<string, string> = {}) => {
      const p = new URLSearchParams();
      if (tab) p.set('status', tab);
      if (applied.q) p.set('q', applied.q);
      if (applied.field) p.set('field', applied.field);
      for (const [k, v] of Object.entries(extra)) p.set(k, v);
      return `/dossiers?${p.toString()}`;
    },
    [tab, applied],
  );

  const load = useCallback(
    async (cursor?: string) => {
      setBusy(true);
      setError(null);
      try {
        const page = await api.get<DossierPage>(query(cursor ? { cursor } : {}));
        setItems((cur) => (cursor ? [...cur, ...page.items] : page.items));
        setNext(page.nextCursor);
      } catch (err) {
        setError(errorText(err));
      } finally {
        setBusy(false);
      }
    },
    [api, query],
  );

  useEffect(() => {
    void load();
  }, [load, tick]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setApplied({ q: q.trim(), field: field.trim() });
  };
  const file = (format: 'xlsx' | 'pdf') => () => void api.download(query({ format }), `danh-sach-ho-so.${format}`, format === 'pdf').catch((err) => setError(errorText(err)));

  return (
    <div className="dossiers">
      <div className="home-head">
        <h1>Hồ sơ công việc</h1>
        <div className="actions">
          <Link to="/ho-so/moi" className="button">
            Lập hồ sơ
          </Link>
          <button type="button" className="secondary" onClick={file('pdf')}>
            In danh sách
          </button>
          <button type="button" className="secondary" onClick={file('xlsx')}>
            Xuất Excel
          </button>
        </div>
      </div>
      <div className="tabs" role="tablist" aria-label="Trạng thái hồ sơ">
        {DOSSIER_TABS.map(([value, label]) => (
          <button key={value || 'all'} type="button" role="tab" aria-selected={tab === value} className={tab === value ? 'tab active' : 'tab'} onClick={() => setTab(value)}>
            {label}
          </button>
        ))}
      </div>
      <form className="card filters" onSubmit={search} role="search" aria-label="Tìm hồ sơ">
        <label className="field">
          <span className="field-label">Tìm theo tiêu đề, mã hồ sơ</span>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Lĩnh vực</span>
          {areas && areas.length > 0 ? (
            <select value={field} onChange={(e) => setField(e.target.value)}>
              <option value="">Mọi lĩnh vực</option>
              {areas.map((a) => (
                <option key={a.code} value={a.name}>
                  {a.active ? a.name : `${a.name} (ngừng dùng)`}
                </option>
              ))}
            </select>
          ) : (
            <input value={field} onChange={(e) => setField(e.target.value)} />
          )}
        </label>
        <button type="submit">Tìm</button>
      </form>
      <Alert>{error}</Alert>
      <section className="card" aria-label="Danh sách hồ sơ">
        <div className="table-wrap">
          <table className="dossier-table">
            <thead>
              <tr>
                <th scope="col">Mã</th>
                <th scope="col">Tiêu đề hồ sơ</th>
                <th scope="col">Người giải quyết</th>
                <th scope="col">Hạn</th>
                <th scope="col">Tiến độ</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && !busy && (
                <tr>
                  <td colSpan={6} className="muted">
                    Không có hồ sơ.
                  </td>
                </tr>
              )}
              {items.map((d) => (
                <tr key={d.id} className={d.overdue ? 'overdue' : undefined} data-testid="dossier-row">
                  <td>{d.code}</td>
                  <td>
                    <Link to={`/ho-so/${d.id}`}>{d.title}</Link>
                    {d.field && <small className="muted"> · {d.field}</small>}
                  </td>
                  <td>{d.owner.name}</td>
                  <td className={d.overdue ? 'deadline late' : 'deadline'}>
                    {dateVn(d.deadline)}
                    {d.overdue && ' (quá hạn)'}
                  </td>
                  <td>{d.progress}%</td>
                  <td>
                    <span className={`tag ${statusTone(d.status)}`}>{d.statusText}</span>
                    {d.archived && <span className="tag"> Đã nộp lưu</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {next && (
          <div className="actions">
            <button type="button" className="secondary" disabled={busy} onClick={() => void load(next)}>
              {busy ? 'Đang tải…' : 'Xem thêm'}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
