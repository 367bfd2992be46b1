import { useCallback, useEffect, useState } from 'react';
import { Pager } from '../ui/Pager';
import { errorText } from '../api/http';
import type { Organization } from '../api/types';
import type { OrganizationPage } from '../../../server/contract/administration';
import { useSession } from '../session';
import { Alert } from '../ui/Alert';
import { AdminTabs } from './AdminTabs';
import { CodeListImport } from './CodeListImport';
import { LEVEL_NAMES, OrgRowActions } from './OrgRowActions';

function TreeNode({ node }: { node: Organization }) {
  const label = `${node.name} (${node.code}) — ${LEVEL_NAMES[node.level] ?? node.level}`;
  if (node.children.length === 0) return <li>{label}</li>;
  return (
    <li>
      <details>
        <summary>{label} · {node.children.length} trực thuộc</summary>
        <ul>{node.children.map((c) => <TreeNode key={c.id} node={c} />)}</ul>
      </details>
    </li>
  );
}

/** The system administrator's tree: the living tree, a paged searchable list with move and merge, the code list import. */
export function OrgTreeAdminPage() {
  const { api } = useSession();
  const [q, setQ] = useState('');
  const [level, setLevel] = useState('');
  const [state, setState] = useState('active');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<OrganizationPage | null>(null);
  const [tree, setTree] = useState<Organization[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState({ q: '', level: '', state: 'active' });

  const load = useCallback(async () => {
    setError(null);
    try {
      const params = new URLSearchParams({ page: String(page), pageSize: '20', state: search.state });
      if (search.q) params.set('q', search.q);
      if (search.level) params.set('level', search.level);
      setData(await api.get<OrganizationPage>(`/organizations/page?${params}`));
      setTree((await api.get<{ tree: Organization[] }>('/organizations')).tree ?? []);
    } catch (err) {
      setError(errorText(err));
    }
  }, [api, page, search]);
  useEffect(() => void load(), [load]);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <div>
      <h1>Quản trị cây cơ quan</h1>
      <AdminTabs path="/quan-tri/cay-co-quan" />
      <Alert>{error}</Alert>
      <section className="card" aria-labelledby="ds-co-quan">
        <h2 id="ds-co-quan">Cơ quan {data ? `(${data.total})` : ''}</h2>
        <form className="actions" role="search" onSubmit={(e) => { e.preventDefault(); setPage(1); setSearch({ q: q.trim(), level, state }); }}>
          <label>
            Tìm theo tên, mã, mã cũ <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
          <label>
            Cấp{' '}
            <select value={level} onChange={(e) => setLevel(e.target.value)}>
              <option value="">Mọi cấp</option>
              {Object.entries(LEVEL_NAMES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </select>
          </label>
          <label>
            Trạng thái{' '}
            <select value={state} onChange={(e) => setState(e.target.value)}>
              <option value="active">Đang hoạt động</option>
              <option value="merged">Đã sáp nhập</option>
              <option value="all">Tất cả</option>
            </select>
          </label>
          <button type="submit" className="secondary">Tìm</button>
        </form>
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">Mã định danh</th><th scope="col">Tên cơ quan</th><th scope="col">Cấp</th><th scope="col">Trực thuộc</th><th scope="col">Tài khoản</th><th scope="col">Thao tác</th></tr>
            </thead>
            <tbody>
              {data?.items.map((o) => (
                <tr key={o.id} data-testid="org-row">
                  <td>{o.code}</td>
                  <td>{o.name} {o.mergedInto && <span className="tag">Đã sáp nhập vào {o.mergedInto}</span>}</td>
                  <td>{LEVEL_NAMES[o.level] ?? o.level}</td>
                  <td>{o.parentName ? `${o.parentName} (${o.parentCode})` : '—'}</td>
                  <td>{o.userCount}</td>
                  <td>{o.mergedInto ? <span className="muted">Mã cũ giữ làm lịch sử</span> : <OrgRowActions org={o} onChanged={load} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager page={page} pages={pages} setPage={setPage} />
      </section>
      <CodeListImport onDone={load} />
      <section className="card" aria-labelledby="cay">
        <h2 id="cay">Cây cơ quan hiện hành</h2>
        <ul className="admin-tree" data-testid="org-tree">{tree.map((n) => <TreeNode key={n.id} node={n} />)}</ul>
      </section>
    </div>
  );
}
