import { useEffect, useState } from 'react';
import type { AnnouncementReader, AnnouncementView } from '../../../server/announcements/announcement-view';
import { errorText } from '../api/http';
import { dateTimeVn } from '../format';
import { useSession } from '../session';
import { Alert } from '../ui/Alert';

/** One announcement; opening it marks it read. The author sees who has read it, refreshed every few seconds. */
export function AnnouncementDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { api } = useSession();
  const [item, setItem] = useState<AnnouncementView | null>(null);
  const [readers, setReaders] = useState<AnnouncementReader[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.get<AnnouncementView>(`/announcements/${id}`).then(async (a) => {
      if (!live) return;
      setItem(a);
      if (!a.mine && !a.readAt) await api.post(`/announcements/${id}/read`);
    }).catch((e) => setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [api, id]);
  useEffect(() => {
    if (!item?.mine) return;
    const load = () => api.get<{ items: AnnouncementReader[] }>(`/announcements/${id}/readers`).then((r) => setReaders(r.items)).catch((e) => setError(errorText(e)));
    void load();
    const timer = setInterval(load, 3000);
    return () => clearInterval(timer);
  }, [api, id, item?.mine]);
  const read = readers?.filter((r) => r.readAt).length ?? 0;
  return (
    <section className="card" aria-labelledby="tb-chi-tiet">
      <h2 id="tb-chi-tiet">{item?.title ?? 'Thông báo'}</h2>
      <Alert>{error}</Alert>
      {item && (
        <>
          <p className="muted">
            {item.author.fullName} · {dateTimeVn(item.createdAt)} · Gửi đến: {item.units.length ? item.units.map((u) => u.name).join(', ') : 'toàn cơ quan'}
            {item.expiresAt ? ` · Hết hạn ${dateTimeVn(item.expiresAt)}` : ''}
          </p>
          <p className="announcement-body">{item.body}</p>
          {item.attachments.length > 0 && (
            <ul>
              {item.attachments.map((f) => (
                <li key={f.id}>
                  <button type="button" className="link" onClick={() => void api.download(`/announcements/${id}/attachments/${f.id}`, f.fileName)}>
                    {f.fileName}
                  </button>{' '}
                  <span className="muted">({Math.ceil(f.size / 1024)} KB)</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {readers && (
        <>
          <h3>Người đã đọc: <span data-testid="read-count">{read}/{readers.length}</span></h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr><th scope="col">Họ tên</th><th scope="col">Đơn vị</th><th scope="col">Đọc lúc</th></tr>
              </thead>
              <tbody>
                {readers.map((r) => (
                  <tr key={r.userId} data-testid="reader-row">
                    <td>{r.fullName}</td>
                    <td>{r.unit ?? '—'}</td>
                    <td>{r.readAt ? dateTimeVn(r.readAt) : 'Chưa đọc'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose}>Đóng</button>
      </div>
    </section>
  );
}
