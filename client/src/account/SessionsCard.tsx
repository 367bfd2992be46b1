import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../api/http';
import { dateTimeVn as formatDateTime } from '../format';
import { useSession } from '../session';
import { Alert } from '../ui/Alert';
import { useToast } from '../ui/toasts';

interface SessionItem {
  id: string;
  createdAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

const device = (ua: string | null) => (!ua ? 'Không rõ thiết bị' : /Mobile|Android|iPhone/.test(ua) ? 'Điện thoại' : /Chrome|Chromium/.test(ua) ? 'Trình duyệt Chrome/Chromium' : /Firefox/.test(ua) ? 'Trình duyệt Firefox' : ua.slice(0, 60));

/** The user's live sessions: end one, or all of them ("đăng xuất khỏi mọi thiết bị"). */
export function SessionsCard() {
  const { api, logout } = useSession();
  const notify = useToast();
  const [items, setItems] = useState<SessionItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => api.get<{ items: SessionItem[] }>('/auth/sessions').then((r) => setItems(r.items)).catch((e) => setError(errorText(e))), [api]);
  useEffect(() => void load(), [load]);
  const end = async (id: string) => {
    try {
      await api.post(`/auth/sessions/${id}/revoke`);
      notify('Đã kết thúc phiên đăng nhập.', 'success');
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const everywhere = async () => {
    if (!window.confirm('Đăng xuất khỏi mọi thiết bị, kể cả máy này?')) return;
    try {
      await api.post('/auth/logout-all');
    } finally {
      await logout();
    }
  };
  return (
    <section className="card" aria-labelledby="phien-dang-nhap">
      <h2 id="phien-dang-nhap">Phiên đăng nhập đang hoạt động</h2>
      <Alert>{error}</Alert>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Thiết bị</th>
              <th scope="col">Địa chỉ IP</th>
              <th scope="col">Đăng nhập lúc</th>
              <th scope="col">Hết hạn</th>
              <th scope="col"><span className="sr-only">Thao tác</span></th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} data-testid="session-row">
                <td>{device(s.userAgent)}{s.current && <strong> (máy này)</strong>}</td>
                <td>{s.ip ?? '—'}</td>
                <td>{formatDateTime(s.createdAt)}</td>
                <td>{formatDateTime(s.expiresAt)}</td>
                <td>{!s.current && <button type="button" className="secondary" onClick={() => void end(s.id)}>Kết thúc</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" className="danger" onClick={() => void everywhere()}>
          Đăng xuất khỏi mọi thiết bị
        </button>
      </div>
    </section>
  );
}
