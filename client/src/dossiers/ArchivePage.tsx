import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import { useOrgPeople } from '../document/useOrgPeople';
import { dateTimeVn, todayIso } from '../format';
import { hasRole, useSession } from '../session';
import { Alert } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';
import type { FilePlanItemView } from './dossier-format';

interface Transfer {
  id: string;
  year: number;
  dossierCount: number;
  size: number;
  sha256: string;
  handedAt?: string;
  handedBy?: string;
}

const RETENTIONS: [string, string][] = [['5', '5 năm'], ['10', '10 năm'], ['20', '20 năm'], ['50', '50 năm'], ['70', '70 năm'], ['', 'Vĩnh viễn']];

/** The yearly file plan (danh mục hồ sơ) and the hand-over of closed dossiers to the agency archive (nộp lưu). */
export function ArchivePage() {
  const { api, user } = useSession();
  const notify = useToast();
  const people = useOrgPeople();
  const [year, setYear] = useState(Number(todayIso().slice(0, 4)));
  const [plan, setPlan] = useState<FilePlanItemView[]>([]);
  const [transfers, setTransfers] = useState<Transfer[]>([]);
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [retention, setRetention] = useState('10');
  const [responsible, setResponsible] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canEdit = hasRole(user, 'clerk') || hasRole(user, 'leader') || hasRole(user, 'admin');

  const load = useCallback(() => {
    api.get<{ items: FilePlanItemView[] }>(`/file-plan?year=${year}`).then((r) => setPlan(r.items)).catch((err) => setError(errorText(err)));
    api.get<{ items: Transfer[] }>('/archive/transfers').then((r) => setTransfers(r.items)).catch(() => undefined);
  }, [api, year]);
  useEffect(load, [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!code.trim() || title.trim().length < 3) return;
    setError(null);
    try {
      await api.post('/file-plan', { year, code: code.trim(), title: title.trim(), retentionYears: retention ? Number(retention) : null, responsibleUserId: responsible || undefined });
      notify('Đã thêm vào danh mục hồ sơ.', 'success');
      setCode('');
      setTitle('');
      setTried(false);
      load();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const handOver = async () => {
    setBusy(true);
    setError(null);
    try {
      const t = await api.post<Transfer>('/archive/transfers', { year });
      notify(`Đã nộp lưu ${t.dossierCount} hồ sơ năm ${t.year}.`, 'success');
      load();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="registers">
      <section className="card" aria-labelledby="tieu-de-danh-muc">
        <div className="home-head">
          <h1 id="tieu-de-danh-muc">Danh mục hồ sơ và nộp lưu</h1>
          <label className="field">
            <span className="field-label">Năm</span>
            <input type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value))} />
          </label>
        </div>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Mã</th>
                <th scope="col">Tiêu đề hồ sơ</th>
                <th scope="col">Thời hạn bảo quản</th>
                <th scope="col">Người lập hồ sơ</th>
                <th scope="col">Số hồ sơ đã mở</th>
              </tr>
            </thead>
            <tbody>
              {plan.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    Chưa có danh mục hồ sơ năm {year}.
                  </td>
                </tr>
              )}
              {plan.map((p) => (
                <tr key={p.id}>
                  <td>{p.code}</td>
                  <td>{p.title}</td>
                  <td>{p.retention}</td>
                  <td>{p.responsible ?? ''}</td>
                  <td>{p.dossierCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {canEdit && (
        <form className="card form-grid" onSubmit={add} noValidate aria-labelledby="tieu-de-them-danh-muc">
          <h2 id="tieu-de-them-danh-muc">Thêm hồ sơ vào danh mục</h2>
          <Field label="Mã hồ sơ" error={tried && !code.trim() ? 'Cần mã hồ sơ' : undefined}>
            <input value={code} onChange={(e) => setCode(e.target.value)} />
          </Field>
          <Field label="Thời hạn bảo quản">
            <select value={retention} onChange={(e) => setRetention(e.target.value)}>
              {RETENTIONS.map(([v, t]) => (
                <option key={t} value={v}>
                  {t}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Tiêu đề hồ sơ" error={tried && title.trim().length < 3 ? 'Cần tiêu đề hồ sơ' : undefined} wide>
            <input value={title} onChange={(e) => setTitle(e.target.value)} />
          </Field>
          <Field label="Người lập hồ sơ">
            <select value={responsible} onChange={(e) => setResponsible(e.target.value)}>
              <option value="">— Chọn —</option>
              {people?.users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.fullName}
                </option>
              ))}
            </select>
          </Field>
          <div className="actions wide">
            <button type="submit">Thêm vào danh mục</button>
          </div>
        </form>
      )}
      <Alert>{error}</Alert>
      <section className="card" aria-labelledby="tieu-de-nop-luu">
        <h2 id="tieu-de-nop-luu">Nộp lưu vào Lưu trữ cơ quan</h2>
        <p className="muted">Các hồ sơ đã kết thúc trong năm {year} được đóng gói cùng biên bản giao nộp, mục lục, tệp PDF đã ký và báo cáo kiểm tra chữ ký. Hồ sơ đã nộp lưu không mở lại được; không tài liệu nào bị xóa trước thời hạn bảo quản.</p>
        {hasRole(user, 'clerk') && (
          <button type="button" disabled={busy} onClick={() => void handOver()}>
            {busy ? 'Đang lập gói nộp lưu…' : `Nộp lưu hồ sơ năm ${year}`}
          </button>
        )}
        <ul className="doc-list">
          {transfers.map((t) => (
            <li key={t.id} className="found">
              <span>
                Năm {t.year}: {t.dossierCount} hồ sơ, {dateTimeVn(t.handedAt)} ({t.handedBy})
              </span>
              <span className="actions">
                <button type="button" className="secondary" onClick={() => void api.download(`/archive/transfers/${t.id}/package`, `nop-luu-${t.year}.zip`).catch((err) => notify(errorText(err), 'error'))}>
                  Tải gói nộp lưu
                </button>
                <button type="button" className="secondary" onClick={() => void api.download(`/archive/transfers/${t.id}/record`, `bien-ban-giao-nop-${t.year}.pdf`).catch((err) => notify(errorText(err), 'error'))}>
                  Tải biên bản giao nộp
                </button>
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
