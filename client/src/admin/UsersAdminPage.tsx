import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Pager } from '../ui/Pager';
import { errorText } from '../api/http';
import type { User } from '../api/types';
import { USER_ROLE_NAMES } from '../format';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';
import { UserRowActions } from './UserRowActions';
import { UserEditForm } from './UserEditForm';
import { Fragment } from 'react';
import { AdminTabs } from './AdminTabs';

interface Page {
  items: User[];
  total: number;
  page: number;
  pageSize: number;
}

const ROLES = ['clerk', 'leader', 'official', 'admin'];

/** Accounts of an agency (system admin: any agency by code; agency admin: theirs), paged and searchable. */
export function UsersAdminPage() {
  const { api, user } = useSession();
  const notify = useToast();
  const [org, setOrg] = useState(user?.orgCode ?? '');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page | null>(null);
  const [units, setUnits] = useState<{ id: string; abbreviation: string; name: string }[]>([]);
  const [leaders, setLeaders] = useState<User[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ username: '', fullName: '', position: '', password: '', unit: '', roles: ['official'] as string[] });
  const [formError, setFormError] = useState<string | null>(null);
  const load = useCallback(async () => {
    if (!org) return;
    setError(null);
    try {
      setData(await api.get<Page>(`/users?org=${encodeURIComponent(org)}&page=${page}&pageSize=20${q ? `&q=${encodeURIComponent(q)}` : ''}`));
      setUnits((await api.get<{ units: { id: string; abbreviation: string; name: string }[] }>(`/organizations/${encodeURIComponent(org)}`)).units ?? []);
      setLeaders((await api.get<Page>(`/users?org=${encodeURIComponent(org)}&pageSize=100`)).items.filter((u) => u.roles.includes('leader')));
    } catch (err) {
      setError(errorText(err));
    }
  }, [api, org, page, q]);
  useEffect(() => void load(), [load]);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    try {
      await api.post('/users', { ...form, orgCode: org, unit: form.unit || undefined });
      notify(`Đã tạo tài khoản ${form.username}.`, 'success');
      setForm({ username: '', fullName: '', position: '', password: '', unit: '', roles: ['official'] });
      await load();
    } catch (err) {
      setFormError(errorText(err));
    }
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <div>
      <h1>Quản trị tài khoản</h1>
      <AdminTabs path="/quan-tri/tai-khoan" />
      <section className="card" aria-labelledby="ds-tai-khoan">
        <h2 id="ds-tai-khoan">Tài khoản {data ? `(${data.total})` : ''}</h2>
        <form className="actions" role="search" onSubmit={(e) => { e.preventDefault(); setPage(1); void load(); }}>
          {user?.isSystemAdmin && (
            <label>
              Mã cơ quan <input value={org} onChange={(e) => setOrg(e.target.value.trim())} size={16} />
            </label>
          )}
          <label>
            Tìm theo tên, tên đăng nhập, chức vụ <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
          <button type="submit" className="secondary">Tìm</button>
        </form>
        <Alert>{error}</Alert>
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">Họ tên</th><th scope="col">Tên đăng nhập</th><th scope="col">Chức vụ</th><th scope="col">Đơn vị</th><th scope="col">Vai trò</th><th scope="col">Thao tác</th></tr>
            </thead>
            <tbody>
              {data?.items.map((u) => (
                <Fragment key={u.id}>
                <tr data-testid="user-row">
                  <td>{u.fullName} {u.locked && <span className="tag locked">Đã khoá</span>} {u.mustChangePassword && <span className="tag">Chờ đổi mật khẩu</span>}</td>
                  <td>{u.username}</td>
                  <td>{u.position}{u.signsFor && <small className="muted" data-testid="signs-for"><br />{u.signsFor.capacity}. {u.signsFor.fullName}</small>}</td>
                  <td>{u.unit?.name ?? '—'}</td>
                  <td>{u.roles.map((r) => USER_ROLE_NAMES[r] ?? r).join(', ')}</td>
                  <td>
                    <button type="button" className="secondary" aria-expanded={editing === u.id} onClick={() => setEditing(editing === u.id ? null : u.id)} aria-label={`Sửa ${u.fullName}`}>Sửa</button>
                    <UserRowActions target={u} self={u.id === user?.id} onChanged={load} />
                  </td>
                </tr>
                {editing === u.id && (
                  <tr>
                    <td colSpan={6}>
                      <UserEditForm target={u} org={org} units={units} leaders={leaders} onDone={(saved) => { setEditing(null); if (saved) void load(); }} />
                    </td>
                  </tr>
                )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
        <Pager page={page} pages={pages} setPage={setPage} />
      </section>
      <form className="card form-grid" onSubmit={create} noValidate aria-labelledby="tao-tai-khoan">
        <h2 id="tao-tai-khoan" className="wide">Tạo tài khoản</h2>
        <Field label="Tên đăng nhập" hint="Chữ thường không dấu, số, dấu chấm">
          <input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required />
        </Field>
        <Field label="Họ và tên">
          <input value={form.fullName} onChange={(e) => setForm({ ...form, fullName: e.target.value })} required />
        </Field>
        <Field label="Chức vụ">
          <input value={form.position} onChange={(e) => setForm({ ...form, position: e.target.value })} />
        </Field>
        <Field label="Đơn vị">
          <select value={form.unit} onChange={(e) => setForm({ ...form, unit: e.target.value })}>
            <option value="">— Không thuộc đơn vị —</option>
            {units.map((u) => <option key={u.abbreviation} value={u.abbreviation}>{u.name}</option>)}
          </select>
        </Field>
        <Field label="Mật khẩu ban đầu" hint="Ít nhất 10 ký tự, không dễ đoán">
          <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required />
        </Field>
        <fieldset className="check-list">
          <legend>Vai trò</legend>
          {ROLES.map((r) => (
            <label key={r}>
              <input type="checkbox" checked={form.roles.includes(r)} onChange={(e) => setForm({ ...form, roles: e.target.checked ? [...form.roles, r] : form.roles.filter((x) => x !== r) })} /> {USER_ROLE_NAMES[r]}
            </label>
          ))}
        </fieldset>
        <div className="wide">
          <Alert>{formError}</Alert>
          <FormActions label="Tạo tài khoản" />
        </div>
      </form>
    </div>
  );
}
