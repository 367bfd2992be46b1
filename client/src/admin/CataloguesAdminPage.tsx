import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import type { CatalogEntry, CatalogKind, PositionView } from '../../../server/contract/administration';
import { DOC_TYPES } from '../doc-options';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';
import { AdminTabs } from './AdminTabs';

function useRun(load: () => Promise<void>) {
  const notify = useToast();
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await action();
      notify(done, 'success');
      await load();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    }
  };
  return { error, run };
}

function Positions({ org }: { org: string }) {
  const { api } = useSession();
  const [items, setItems] = useState<PositionView[]>([]);
  const [name, setName] = useState('');
  const [rank, setRank] = useState('100');
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const load = useCallback(async () => setItems((await api.get<{ items: PositionView[] }>(`/organizations/${encodeURIComponent(org)}/positions`)).items), [api, org]);
  useEffect(() => void load().catch(() => undefined), [load]);
  const { error, run } = useRun(load);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => api.post(`/organizations/${encodeURIComponent(org)}/positions`, { name, rank: Number(rank) || 100 }), `Đã thêm chức vụ ${name}.`)) setName('');
  };
  const rename = async (e: FormEvent) => {
    e.preventDefault();
    if (editing && (await run(() => api.post(`/positions/${editing.id}`, { name: editing.name }), `Đã đổi tên chức vụ thành ${editing.name}.`))) setEditing(null);
  };
  return (
    <section className="card" aria-labelledby="chuc-vu">
      <h2 id="chuc-vu">Chức vụ</h2>
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">Chức vụ</th><th scope="col">Thứ tự</th><th scope="col">Số người giữ</th><th scope="col">Thao tác</th></tr></thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id} data-testid="position-row">
                <td>
                  {editing?.id === p.id ? (
                    <form className="actions" onSubmit={rename}>
                      <label>Tên mới <input value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} autoFocus /></label>
                      <FormActions label="Lưu" onCancel={() => setEditing(null)} />
                    </form>
                  ) : p.name}
                </td>
                <td>{p.rank}</td>
                <td>{p.userCount}</td>
                <td><button type="button" className="secondary" onClick={() => setEditing({ id: p.id, name: p.name })} aria-label={`Đổi tên ${p.name}`}>Đổi tên</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="form-grid" onSubmit={add} noValidate>
        <Field label="Tên chức vụ"><input value={name} onChange={(e) => setName(e.target.value)} /></Field>
        <Field label="Thứ tự hiển thị" hint="Số nhỏ đứng trước (người đứng đầu: 10)"><input type="number" min={0} value={rank} onChange={(e) => setRank(e.target.value)} /></Field>
        <div className="wide"><Alert>{error}</Alert><FormActions label="Thêm chức vụ" /></div>
      </form>
    </section>
  );
}

const KIND_TITLES: Record<CatalogKind, [string, string]> = { doc_type: ['Loại văn bản đang dùng', 'loai-vb'], subject_area: ['Lĩnh vực', 'linh-vuc'] };

function Catalog({ org, kind }: { org: string; kind: CatalogKind }) {
  const { api } = useSession();
  const [items, setItems] = useState<CatalogEntry[]>([]);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const load = useCallback(async () => setItems((await api.get<{ items: CatalogEntry[] }>(`/organizations/${encodeURIComponent(org)}/catalog?kind=${kind}`)).items), [api, org, kind]);
  useEffect(() => void load().catch(() => undefined), [load]);
  const { error, run } = useRun(load);
  const [title, id] = KIND_TITLES[kind];
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => api.post(`/organizations/${encodeURIComponent(org)}/catalog`, { kind, code, ...(name ? { name } : {}) }), `Đã thêm ${code} vào danh mục ${title.toLowerCase()}.`)) {
      setCode('');
      setName('');
    }
  };
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {kind === 'doc_type' && <p className="muted">Chỉ các loại đang dùng xuất hiện trong biểu mẫu dự thảo. Chưa chọn loại nào: biểu mẫu đưa đủ các loại theo Nghị định 30.</p>}
      <ul className="plain-list">
        {items.map((c) => (
          <li key={c.id} data-testid={`${kind}-row`}>
            <strong>{c.code}</strong> — {c.name} {!c.active && <span className="tag">Ngừng dùng</span>}{' '}
            <button type="button" className="secondary" onClick={() => void run(() => api.post(`/catalog/${c.id}`, { active: !c.active }), `${c.active ? 'Đã ngừng dùng' : 'Đã dùng lại'} ${c.name}.`)} aria-label={`${c.active ? 'Ngừng dùng' : 'Dùng lại'} ${c.name}`}>
              {c.active ? 'Ngừng dùng' : 'Dùng lại'}
            </button>
          </li>
        ))}
      </ul>
      <form className="form-grid" onSubmit={add} noValidate>
        {kind === 'doc_type' ? (
          <Field label="Loại văn bản">
            <select value={code} onChange={(e) => setCode(e.target.value)}>
              <option value="">— Chọn loại —</option>
              {Object.entries(DOC_TYPES).filter(([k]) => !items.some((i) => i.code === k)).map(([k, v]) => <option key={k} value={k}>{v} ({k})</option>)}
            </select>
          </Field>
        ) : (
          <>
            <Field label="Mã lĩnh vực"><input value={code} onChange={(e) => setCode(e.target.value)} /></Field>
            <Field label="Tên lĩnh vực"><input value={name} onChange={(e) => setName(e.target.value)} /></Field>
          </>
        )}
        <div className="wide"><Alert>{error}</Alert><FormActions label={kind === 'doc_type' ? 'Thêm loại văn bản' : 'Thêm lĩnh vực'} /></div>
      </form>
    </section>
  );
}

/** Per-agency catalogues: positions, document types in use, subject areas. */
export function CataloguesAdminPage() {
  const { user } = useSession();
  const [org, setOrg] = useState(user?.orgCode ?? '');
  const [shown, setShown] = useState(user?.orgCode ?? '');
  return (
    <div>
      <h1>Danh mục của cơ quan</h1>
      <AdminTabs path="/quan-tri/danh-muc" />
      {user?.isSystemAdmin && (
        <form className="actions" onSubmit={(e) => { e.preventDefault(); setShown(org); }}>
          <label>Mã cơ quan <input value={org} onChange={(e) => setOrg(e.target.value.trim())} size={16} /></label>
          <button type="submit" className="secondary">Xem</button>
        </form>
      )}
      {shown && (
        <div key={shown}>
          <Positions org={shown} />
          <Catalog org={shown} kind="doc_type" />
          <Catalog org={shown} kind="subject_area" />
        </div>
      )}
    </div>
  );
}
