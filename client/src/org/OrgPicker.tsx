import { useEffect, useMemo, useState } from 'react';
import type { Organization } from '../api/types';
import { useSession } from '../session';

const LEVELS: Record<string, string> = { central: 'Trung ương', province: 'Cấp tỉnh', district: 'Cấp huyện', commune: 'Cấp xã' };

function flatten(nodes: Organization[], depth = 0, out: { org: Organization; depth: number }[] = []) {
  for (const n of nodes) {
    out.push({ org: n, depth });
    flatten(n.children ?? [], depth + 1, out);
  }
  return out;
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/**
 * Recipients from the four-level organisation tree: expand by level, or search by name (with or
 * without diacritics) or by code. The caller's own organisation is not offered.
 */
export function OrgPicker({ selected, onChange, exclude, legend = 'Nơi nhận' }: { selected: string[]; onChange: (codes: string[]) => void; exclude?: string | null; legend?: string }) {
  const { api } = useSession();
  const [tree, setTree] = useState<Organization[]>([]);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .get<{ tree: Organization[] }>('/organizations')
      .then((r) => {
        setTree(r.tree);
        setOpen(new Set(r.tree.map((o) => o.code)));
      })
      .catch(() => setError('Không tải được danh bạ cơ quan.'));
  }, [api]);

  const all = useMemo(() => flatten(tree), [tree]);
  const byCode = useMemo(() => new Map(all.map(({ org }) => [org.code, org])), [all]);
  const q = fold(query.trim());
  const visible = useMemo(() => {
    if (q) return all.filter(({ org }) => fold(org.name).includes(q) || fold(org.code).includes(q) || fold(org.abbreviation).includes(q)).map((x) => ({ ...x, depth: 0 }));
    const out: { org: Organization; depth: number }[] = [];
    const walk = (nodes: Organization[], depth: number) => {
      for (const n of nodes) {
        out.push({ org: n, depth });
        if (open.has(n.code)) walk(n.children ?? [], depth + 1);
      }
    };
    walk(tree, 0);
    return out;
  }, [q, all, tree, open]);

  const toggle = (code: string) => onChange(selected.includes(code) ? selected.filter((c) => c !== code) : [...selected, code]);
  const toggleOpen = (code: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });

  return (
    <fieldset className="org-picker">
      <legend>{legend}</legend>
      {selected.length > 0 && (
        <ul className="chips" aria-label="Nơi nhận đã chọn">
          {selected.map((c) => (
            <li key={c}>
              {byCode.get(c)?.name ?? c}
              <button type="button" aria-label={`Bỏ ${byCode.get(c)?.name ?? c}`} onClick={() => toggle(c)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="field">
        <span className="field-label">Tìm cơ quan theo tên hoặc mã định danh</span>
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Ví dụ: Tiên Du hoặc 000.00.32.H06" />
      </label>
      {error && <p className="error">{error}</p>}
      <ul className="org-tree" aria-label="Danh bạ cơ quan">
        {visible.map(({ org, depth }) => {
          const hasChildren = (org.children ?? []).length > 0;
          const isSelf = org.code === exclude;
          return (
            <li key={org.code} style={{ paddingLeft: `${depth * 1.25}rem` }}>
              {!q && hasChildren ? (
                <button type="button" className="twisty" aria-expanded={open.has(org.code)} aria-label={`${open.has(org.code) ? 'Thu gọn' : 'Mở'} ${org.name}`} onClick={() => toggleOpen(org.code)}>
                  {open.has(org.code) ? '▾' : '▸'}
                </button>
              ) : (
                <span className="twisty-space" aria-hidden="true" />
              )}
              <label className="org-option">
                <input type="checkbox" checked={selected.includes(org.code)} disabled={isSelf} onChange={() => toggle(org.code)} />
                <span>{org.name}</span>
                <small className="muted">
                  {org.code} · {LEVELS[org.level] ?? org.level}
                  {org.external && ' · liên thông qua trục (edXML)'}
                </small>
              </label>
            </li>
          );
        })}
        {visible.length === 0 && <li className="muted">Không tìm thấy cơ quan phù hợp.</li>}
      </ul>
    </fieldset>
  );
}
