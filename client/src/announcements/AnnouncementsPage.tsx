import { useCallback, useEffect, useState } from 'react';
import { Pager } from '../ui/Pager';
import type { AnnouncementView } from '../../../server/announcements/announcement-view';
import { errorText } from '../api/http';
import { dateTimeVn } from '../format';
import { useLive } from '../realtime';
import { hasRole, useSession } from '../session';
import { Alert } from '../ui/Alert';
import { AnnouncementDetail } from './AnnouncementDetail';
import { PostAnnouncementForm } from './PostAnnouncementForm';

interface Page {
  items: AnnouncementView[];
  total: number;
  page: number;
  pageSize: number;
  unread: number;
}

/** Internal announcements: what I received (read state) and what I posted (who read it). */
export function AnnouncementsPage() {
  const { api, user } = useSession();
  const { tick } = useLive();
  const [data, setData] = useState<Page | null>(null);
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [expired, setExpired] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [posting, setPosting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canPost = ['leader', 'clerk', 'admin'].some((r) => hasRole(user, r));
  const load = useCallback(async () => {
    try {
      setData(await api.get<Page>(`/announcements?page=${page}&pageSize=10&expired=${expired ? 1 : 0}${q ? `&q=${encodeURIComponent(q)}` : ''}`));
    } catch (err) {
      setError(errorText(err));
    }
  }, [api, page, q, expired]);
  useEffect(() => void load(), [load, tick]);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <div>
      <h1>Thông báo nội bộ</h1>
      {canPost && !posting && (
        <div className="actions">
          <button type="button" onClick={() => setPosting(true)}>Đăng thông báo</button>
        </div>
      )}
      {posting && <PostAnnouncementForm onCancel={() => setPosting(false)} onPosted={(id) => { setPosting(false); setOpen(id); void load(); }} />}
      {open && <AnnouncementDetail id={open} onClose={() => { setOpen(null); void load(); }} />}
      <section className="card" aria-labelledby="ds-thong-bao">
        <h2 id="ds-thong-bao">Danh sách {data ? `(${data.unread} chưa đọc)` : ''}</h2>
        <form className="actions" role="search" onSubmit={(e) => { e.preventDefault(); setPage(1); void load(); }}>
          <label>
            Tìm kiếm <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
          <label>
            <input type="checkbox" checked={expired} onChange={(e) => { setExpired(e.target.checked); setPage(1); }} /> Gồm cả thông báo đã hết hạn
          </label>
        </form>
        <Alert>{error}</Alert>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Tiêu đề</th>
                <th scope="col">Người đăng</th>
                <th scope="col">Thời gian</th>
                <th scope="col">Hết hạn</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {data?.items.map((a) => (
                <tr key={a.id} data-testid="announcement-row">
                  <td>
                    <button type="button" className="link" onClick={() => setOpen(a.id)}>{a.title}</button>
                    {a.attachments.length > 0 && <span className="muted"> · {a.attachments.length} tệp</span>}
                  </td>
                  <td>{a.author.fullName}</td>
                  <td>{dateTimeVn(a.createdAt)}</td>
                  <td>{a.expiresAt ? dateTimeVn(a.expiresAt) : '—'}{a.expired ? ' (đã hết hạn)' : ''}</td>
                  <td>
                    {a.mine ? (
                      <span className="tag">Đã đọc {a.readCount}/{a.recipientCount}</span>
                    ) : a.readAt ? (
                      <span className="tag">Đã đọc</span>
                    ) : (
                      <span className="tag unread">Chưa đọc</span>
                    )}
                  </td>
                </tr>
              ))}
              {data?.items.length === 0 && (
                <tr>
                  <td colSpan={5}>Không có thông báo.</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <Pager page={page} pages={pages} setPage={setPage} />
      </section>
    </div>
  );
}
