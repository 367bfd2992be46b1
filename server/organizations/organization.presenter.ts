import type { OrganizationRow, UnitRow } from './organizations.repository';

import type { OrganizationTreeView, OrganizationView } from '../contract/platform';

export type { OrganizationTreeView, OrganizationView };

export function presentOrganization(org: OrganizationRow, parentCode: string | null): OrganizationView {
  return { id: org.id, code: org.code, name: org.name, abbreviation: org.abbreviation, level: org.level, parentCode, external: org.external ?? false };
}

export const presentUnit = (unit: UnitRow) => ({ id: unit.id, name: unit.name, abbreviation: unit.abbreviation });

/** Builds the tree in memory from one ordered list: the directory is small (thousands of rows at most). */
export function buildOrganizationTree(rows: OrganizationRow[]): OrganizationTreeView[] {
  const codeById = new Map(rows.map((r) => [r.id, r.code]));
  const nodes = new Map<string, OrganizationTreeView>();
  for (const row of rows) nodes.set(row.id, { ...presentOrganization(row, row.parent_id ? codeById.get(row.parent_id) ?? null : null), children: [] });
  const roots: OrganizationTreeView[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    const parent = row.parent_id ? nodes.get(row.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
