import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import type { RegisterNumbering } from '../../../server/contract/administration';
import { DOC_TYPES } from '../doc-options';
import { hasRole, useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';
import { AdminTabs } from './AdminTabs';

const KIND_NAMES: Record<string, string> = { incoming: 'Văn bản đến', outgoing: 'Văn bản đi' };

/**
 * The agency's registers and where their numbering stands. Numbers are only ever taken inside the
 * transaction that issues or registers a document (gap-free, from 01 each year), so this screen
 * shows them and never edits them; the administrator may open an extra register.
 */
export function RegistersAdminPage() {
  const { api, user } = useSession();
  const notify = useToast();
  const [data, setData] = useState<RegisterNumbering | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ kind: 'outgoing', code: '', name: '', secret: false, yearInSymbol: false, docTypes: [] as string[] });
  const [formError, setFormError] = useState<string | null>(null);
  const load = useCallback(async () => {
    setError(null);
    try {
      setData(await api.get<RegisterNumbering>('/registers/numbering'));
    } catch (err) {
      setError(errorText(err));
    }
  }, [api]);
  useEffect(() => void load(), [load]);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    try {
      await api.post('/registers', form);
      notify(`Đã lập sổ ${form.name}.`, 'success');
      setForm({ kind: 'outgoing', code: '', name: '', secret: false, yearInSymbol: false, docTypes: [] });
      await load();
    } catch (err) {
      setFormError(errorText(err));
    }
  };
  return (
    <div>
      <h1>Sổ và số văn bản</h1>
      <AdminTabs path="/quan-tri/so-van-ban" />
      <Alert>{error}</Alert>
      <section className="card" aria-labelledby="cac-so">
        <h2 id="cac-so">Các sổ năm {data?.year}</h2>
        <p className="muted">Số văn bản đi chạy từ 01 ngày 01/01 đến 31/12, liên tục, không trùng, theo thứ tự ban hành; số chỉ được cấp khi ban hành hoặc vào sổ nên không sửa tay được.</p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">Sổ</th><th scope="col">Loại</th><th scope="col">Nhận loại văn bản</th><th scope="col">Số đã cấp</th><th scope="col">Số tiếp theo</th></tr>
            </thead>
            <tbody>
              {data?.items.map((r) => (
                <tr key={r.id} data-testid="register-row">
                  <td>{r.name} {r.secret && <span className="tag bad">Mật</span>} {r.yearInSymbol && <span className="tag">Năm trong ký hiệu</span>}</td>
                  <td>{KIND_NAMES[r.kind] ?? r.kind}</td>
                  <td>{r.docTypes ? r.docTypes.join(', ') : 'Các loại còn lại'}</td>
                  <td data-testid="last-number">{String(r.lastNumber).padStart(2, '0')}</td>
                  <td>{String(r.nextNumber).padStart(2, '0')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {(hasRole(user, 'admin')) && (
        <form className="card form-grid" onSubmit={create} noValidate aria-labelledby="lap-so">
          <h2 id="lap-so" className="wide">Lập thêm sổ</h2>
          <Field label="Loại sổ">
            <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
              <option value="outgoing">Văn bản đi</option>
              <option value="incoming">Văn bản đến</option>
            </select>
          </Field>
          <Field label="Mã sổ" hint="Chữ thường, số, gạch nối (ví dụ qppl)"><input value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} /></Field>
          <Field label="Tên sổ" wide><input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
          <fieldset className="check-list wide">
            <legend>Loại văn bản vào sổ này</legend>
            {Object.entries(DOC_TYPES).map(([k, v]) => (
              <label key={k}>
                <input type="checkbox" checked={form.docTypes.includes(k)} onChange={(e) => setForm({ ...form, docTypes: e.target.checked ? [...form.docTypes, k] : form.docTypes.filter((x) => x !== k) })} /> {v} ({k})
              </label>
            ))}
          </fieldset>
          <label className="check"><input type="checkbox" checked={form.yearInSymbol} onChange={(e) => setForm({ ...form, yearInSymbol: e.target.checked })} /> Năm ban hành trong ký hiệu (văn bản quy phạm pháp luật)</label>
          <label className="check"><input type="checkbox" checked={form.secret} onChange={(e) => setForm({ ...form, secret: e.target.checked })} /> Sổ văn bản mật (dãy số riêng)</label>
          <div className="wide"><Alert>{formError}</Alert><FormActions label="Lập sổ" /></div>
        </form>
      )}
    </div>
  );
}
