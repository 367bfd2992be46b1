import type { AssignmentRole } from './assignments.repository';

/** Lead outweighs coordinate outweighs for-information: a person covered twice keeps the stronger. */
export const ROLE_STRENGTH: Record<AssignmentRole, number> = { lead: 3, coordinate: 2, inform: 1 };

/**
 * A person's open work, one row per document: picked by name and also through their unit, they see
 * the stronger of the two (the named one when equal), not two rows for one instruction.
 */
export function strongestPerDocument<T extends { document_id: string; role: AssignmentRole; assignee_user_id: string | null }>(rows: readonly T[]): T[] {
  const best = new Map<string, T>();
  for (const row of rows) {
    const seen = best.get(row.document_id);
    const stronger = !seen || ROLE_STRENGTH[row.role] > ROLE_STRENGTH[seen.role] || (ROLE_STRENGTH[row.role] === ROLE_STRENGTH[seen.role] && row.assignee_user_id !== null && seen.assignee_user_id === null);
    if (stronger) best.set(row.document_id, row);
  }
  // Keeps the query's order (deadline first) for the rows that stay.
  const kept = new Set(best.values());
  return rows.filter((r) => kept.has(r));
}
