import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../api/http';
import type { OutboxList } from '../api/types';
import { dateTimeVn } from '../format';
import { useSession } from '../session';
import { Alert } from '../ui/Alert';
import { Link } from '../ui/Link';

const PAGE = 20;

/** Admins see what could not be sent through the exchange axis, and send it again. */
export function ExchangeOutboxPage() {
  const { api } = useSession();
  const [list, setList] = useState<OutboxList | null>(null);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(() => {
    api
      .get<OutboxList>(`/exchange/outbox?state=dead&limit=${PAGE}&offset=${offset}`)
      .then(setList)
      .catch((err) => setError(errorText(err)));
  }, [api, offset]);
  useEffect(load, [load]);

  const retry = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      await api.post(`/exchange/outbox/${id}/retry`);
      setNotice('Đã đưa lại vào hàng đợi gửi.');
      load();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card" aria-labelledby="tieu-de-gui-loi">
      <h1 id="tieu-de-gui-loi">Gói tin liên thông gửi không được</h1>
      <Alert>{error}</Alert>
      {notice && <p role="status">{notice}</p>}
      {list && list.items.length === 0 && <p className="muted">Không có gói tin nào gửi lỗi.</p>}
      {list && list.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Văn bản</th>
              <th scope="col">Nơi nhận</th>
              <th scope="col">Loại</th>
              <th scope="col">Lỗi gần nhất</th>
              <th scope="col">Số lần</th>
              <th scope="col">Cập nhật</th>
              <th scope="col">
                Thao tác
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((item) => (
              <tr key={item.id}>
                <td>
                  <Link to={`/van-ban/${item.documentId}`}>{item.symbol ? `${item.symbol} — ${item.subject}` : item.subject}</Link>
                </td>
                <td>
                  {item.recipientName} <small className="muted">{item.recipientCode}</small>
                </td>
                <td>{item.kind === 'package' ? 'Gói văn bản' : `Trạng thái ${item.statusCode}`}</td>
                <td>{item.lastError}</td>
                <td>{item.attempts}</td>
                <td>{dateTimeVn(item.updatedAt)}</td>
                <td>
                  <button type="button" className="secondary" disabled={busy === item.id} onClick={() => void retry(item.id)}>
                    {busy === item.id ? 'Đang gửi lại…' : 'Gửi lại'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list && list.total > PAGE && (
        <nav className="pager" aria-label="Phân trang">
          <button type="button" className="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Trang trước
          </button>
          <span>
            {offset + 1}–{Math.min(offset + PAGE, list.total)} / {list.total}
          </span>
          <button type="button" className="secondary" disabled={offset + PAGE >= list.total} onClick={() => setOffset(offset + PAGE)}>
            Trang sau
          </button>
        </nav>
      )}
    </section>
  );
}
