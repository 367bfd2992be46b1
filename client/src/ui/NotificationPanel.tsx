import { useCallback, useEffect, useState } from 'react';
import type { NotificationItem, NotificationPage } from '../../../server/search/document-list-view';
import type { PushedEvent } from '../../../server/contract/events';
import { errorText } from '../api/http';
import { dateTimeVn } from '../format';
import { eventText } from '../realtime-text';
import { navigate } from '../router';
import { useSession } from '../session';
import { Alert } from './Alert';

/** The bell's history: newest first, paged, read/unread per item, mark all read. */
export function NotificationPanel({ onUnread, onClose, tick }: { onUnread: (n: number) => void; onClose: () => void; tick: number }) {
  const { api } = useSession();
  const [items, setItems] = useState<NotificationItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (cursor: string | null) => {
      try {
        const page = await api.get<NotificationPage>(`/notifications?limit=15${cursor ? `&cursor=${cursor}` : ''}`);
        setItems((old) => (cursor ? [...old, ...page.items] : page.items));
        setNext(page.nextCursor);
        onUnread(page.unread);
      } catch (err) {
        setError(errorText(err));
      }
    },
    [api, onUnread],
  );
  useEffect(() => {
    void load(null);
  }, [load, tick]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const open = async (n: NotificationItem) => {
    if (!n.read) {
      const { unread } = await api.post<{ unread: number }>(`/notifications/${n.id}/read`);
      onUnread(unread);
      setItems((old) => old.map((i) => (i.id === n.id ? { ...i, read: true } : i)));
    }
    if (n.documentId) {
      onClose();
      navigate(`/van-ban/${n.documentId}`);
    }
  };
  const readAll = async () => {
    try {
      const { unread } = await api.post<{ unread: number }>('/notifications/read-all');
      onUnread(unread);
      setItems((old) => old.map((i) => ({ ...i, read: true })));
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <div className="notif-panel" role="dialog" aria-label="Thông báo">
      <div className="notif-head">
        <strong>Thông báo</strong>
        <button type="button" className="secondary" onClick={() => void readAll()} disabled={items.every((i) => i.read)}>
          Đánh dấu tất cả đã đọc
        </button>
      </div>
      <Alert>{error}</Alert>
      {items.length === 0 && <p className="muted">Chưa có thông báo nào.</p>}
      <ul className="notif-list">
        {items.map((n) => (
          <li key={n.id} className={n.read ? 'read' : 'unread'} data-testid="notification">
            <button type="button" className="notif-item" onClick={() => void open(n)}>
              <span className="notif-text">{eventText(n as unknown as PushedEvent)}</span>
              <time>{dateTimeVn(n.createdAt)}</time>
              <span className="sr-only">{n.read ? 'Đã đọc' : 'Chưa đọc'}</span>
            </button>
          </li>
        ))}
      </ul>
      {next && (
        <button type="button" className="secondary" onClick={() => void load(next)}>
          Xem thêm
        </button>
      )}
    </div>
  );
}
