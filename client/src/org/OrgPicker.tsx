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

/** Everything below a node, at any depth. */
function descendants(org: Organization): Organization[] {
  return (org.children ?? []).flatMap((c) => [c, ...descendants(c)]);
}

interface Group {
  key: string;
  label: string;
  codes: string[];
}

const LEVEL_PLURAL: Record<string, string> = { central: 'cơ quan Trung ương', province: 'cơ quan cấp tỉnh', district: 'cơ quan cấp huyện', commune: 'xã, phường, thị trấn' };

/**
 * Whole groups to pick at once: every level below the sender (all communes of the province, all
 * its departments…), and every level of the directory (a ministry writing to all provinces).
 */
function groupsFor(all: { org: Organization }[], selfCode: string | null | undefined): Group[] {
  const groups: Group[] = [];
  const self = all.find(({ org }) => org.code === selfCode)?.org;
  const levels = Object.keys(LEVEL_PLURAL);
  if (self) {
    const below = descendants(self);
    for (const level of levels) {
      const codes = below.filter((o) => o.level === level).map((o) => o.code);
      if (codes.length > 0) groups.push({ key: `below-${level}`, label: `Toàn bộ ${LEVEL_PLURAL[level]} trực thuộc`, codes });
    }
  }
  for (const level of levels) {
    const codes = all.filter(({ org }) => org.level === level && org.code !== selfCode).map(({ org }) => org.code);
    const same = groups.some((g) => g.codes.length === codes.length && g.codes.every((c) => codes.includes(c)));
    if (codes.length > 1 && !same) groups.push({ key: `all-${level}`, label: `Toàn bộ ${LEVEL_PLURAL[level]} trong danh bạ`, codes });
  }
  return groups;
}

/** Past this many, the chosen recipients are summarised and their chips folded. */
const CHIPS_SHOWN = 30;

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

  const [showAllChips, setShowAllChips] = useState(false);
  const groups = useMemo(() => groupsFor(all, exclude), [all, exclude]);
  const chosen = useMemo(() => new Set(selected), [selected]);
  const toggle = (code: string) => onChange(chosen.has(code) ? selected.filter((c) => c !== code) : [...selected, code]);
  const toggleGroup = (codes: string[]) => {
    const allIn = codes.every((c) => chosen.has(c));
    if (allIn) {
      const drop = new Set(codes);
      onChange(selected.filter((c) => !drop.has(c)));
    } else {
      onChange([...selected, ...codes.filter((c) => !chosen.has(c))]);
    }
  };
  const levelCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const c of selected) {
      const level = byCode.get(c)?.level ?? '';
      counts.set(level, (counts.get(level) ?? 0) + 1);
    }
    return counts;
  }, [selected, byCode]);
  const chips = showAllChips ? selected : selected.slice(0, CHIPS_SHOWN);
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
      {groups.length > 0 && (
        <div className="org-groups" role="group" aria-label="Chọn cả nhóm">
          {groups.map((g) => {
            const allIn = g.codes.every((c) => chosen.has(c));
            return (
              <button key={g.key} type="button" className="secondary" aria-pressed={allIn} onClick={() => toggleGroup(g.codes)}>
                {allIn ? 'Bỏ ' : ''}
                {g.label} ({g.codes.length})
              </button>
            );
          })}
          {selected.length > 0 && (
            <button type="button" className="secondary" onClick={() => onChange([])}>
              Bỏ chọn tất cả
            </button>
          )}
        </div>
      )}
      {selected.length > 0 && (
        <p className="muted" aria-live="polite">
          Đã chọn {selected.length} nơi nhận
          {levelCounts.size > 1 ? `: ${[...levelCounts].map(([level, n]) => `${n} ${LEVELS[level]?.toLowerCase() ?? 'khác'}`).join(', ')}` : ''}
        </p>
      )}
      {selected.length > 0 && (
        <ul className="chips" aria-label="Nơi nhận đã chọn">
          {chips.map((c) => (
            <li key={c}>
              {byCode.get(c)?.name ?? c}
              <button type="button" aria-label={`Bỏ ${byCode.get(c)?.name ?? c}`} onClick={() => toggle(c)}>
                ×
              </button>
            </li>
          ))}
          {selected.length > CHIPS_SHOWN && (
            <li className="chips-more">
              <button type="button" className="link" onClick={() => setShowAllChips((v) => !v)}>
                {showAllChips ? 'Thu gọn' : `và ${selected.length - CHIPS_SHOWN} nơi khác — xem tất cả`}
              </button>
            </li>
          )}
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
                <input type="checkbox" checked={chosen.has(org.code)} disabled={isSelf} onChange={() => toggle(org.code)} />
                <span>{org.name}</span>
                <small className="muted">
                  {org.code} · {LEVELS[org.level] ?? org.level}
                  {org.external && ' · liên thông qua trục (edXML)'}
                </small>
              </label>
              {!q && hasChildren && (() => {
                const codes = descendants(org).map((o) => o.code).filter((c) => c !== exclude);
                const allIn = codes.every((c) => chosen.has(c));
                return (
                  <button type="button" className="link small" aria-label={`${allIn ? 'Bỏ chọn' : 'Chọn'} tất cả cơ quan trực thuộc ${org.name}`} onClick={() => toggleGroup(codes)}>
                    {allIn ? '− trực thuộc' : '+ trực thuộc'} ({codes.length})
                  </button>
                );
              })()}
            </li>
          );
        })}
        {visible.length === 0 && <li className="muted">Không tìm thấy cơ quan phù hợp.</li>}
      </ul>
    </fieldset>
  );
}
