import { useCallback, useEffect, useState } from 'react';
import { Pager } from '../ui/Pager';
import type { SigningTransactionView } from '../../../server/remote-signing/signing-transaction-view';
import { errorText } from '../api/http';
import { dateTimeVn } from '../format';
import { useSession } from '../session';
import { Alert } from '../ui/Alert';
import { Link } from '../ui/Link';
import { useToast } from '../ui/toasts';

const FILTERS: [string, string][] = [['', 'Tất cả'], ['pending', 'Đang chờ'], ['done', 'Đã ký'], ['failed', 'Không thành công'], ['cancelled', 'Đã huỷ'], ['expired', 'Hết hạn']];

/** The leader's signing transactions (remote service, USB token); a pending one can be cancelled. */
export function SigningListPage() {
  const { api } = useSession();
  const notify = useToast();
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: SigningTransactionView[]; total: number; pageSize: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => api.get<{ items: SigningTransactionView[]; total: number; pageSize: number }>(`/signing-transactions?page=${page}${status ? `&status=${status}` : ''}`).then(setData).catch((e) => setError(errorText(e))), [api, page, status]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [load]);
  const cancel = async (id: string) => {
    try {
      await api.post(`/signing-transactions/${id}/cancel`);
      notify('Đã huỷ giao dịch ký.', 'success');
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <section className="card" aria-labelledby="ds-ky-so">
      <h1 id="ds-ky-so">Danh sách ký số</h1>
      <label>
        Trạng thái{' '}
        <select value={status} onChange={(e) => { setStatus(e.target.value); setPage(1); }}>
          {FILTERS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
      </label>
      <Alert>{error}</Alert>
      <div className="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">Văn bản</th><th scope="col">Cách ký</th><th scope="col">Bắt đầu</th><th scope="col">Trạng thái</th><th scope="col"><span className="sr-only">Thao tác</span></th></tr>
          </thead>
          <tbody>
            {data?.items.map((t) => (
              <tr key={t.id} data-testid="signing-row">
                <td><Link to={`/van-ban/${t.documentId}`}>{t.documentSubject}</Link></td>
                <td>{t.method === 'remote' ? `Ký từ xa (${t.provider})` : 'USB token'}</td>
                <td>{dateTimeVn(t.createdAt)}</td>
                <td>{t.statusText}{t.error ? ` — ${t.error}` : ''}</td>
                <td>{t.status === 'pending' && <button type="button" className="secondary" onClick={() => void cancel(t.id)}>Huỷ</button>}</td>
              </tr>
            ))}
            {data?.items.length === 0 && <tr><td colSpan={5}>Chưa có giao dịch ký nào.</td></tr>}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} setPage={setPage} />
    </section>
  );
}
