import type { Knex } from 'knex';
import { auditHash } from './audit-hash';
import { insertAuditEvents, lockChainHead, updateChainHead, type AuditRow } from './audit.repository';
import { auditKeyOf, chainMac } from './audit-key';

export interface AuditEntry {
  actorId: string | null;
  organizationId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  summary: string;
  data?: Record<string, unknown>;
}

/** Appends one event to the hash chain inside the caller's transaction (call it last: it holds the chain lock). */
export async function recordAudit(trx: Knex.Transaction, entry: AuditEntry): Promise<void> {
  await recordAudits(trx, [entry]);
}

/**
 * Appends events to the chain in order, taking the chain lock once and writing them in one
 * statement per thousand: a delivery to a thousand agencies costs one round trip, not a thousand.
 */
export async function recordAudits(trx: Knex.Transaction, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  let prevHash = await lockChainHead(trx);
  const rows: Omit<AuditRow, 'id'>[] = [];
  for (const entry of entries) {
    // Millisecond precision survives the round trip through timestamptz, so verification recomputes the same hash.
    const at = new Date();
    const hash = auditHash(prevHash, { ...entry, data: entry.data ?? null, at });
    rows.push({
      at,
      actor_id: entry.actorId,
      organization_id: entry.organizationId,
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId,
      summary: entry.summary,
      data: entry.data ?? null,
      prev_hash: prevHash,
      hash,
    });
    prevHash = hash;
  }
  const ids = await insertAuditEvents(trx, rows);
  // The head is authenticated with the server's key: recomputing the plain hashes after an edit
  // cannot produce a head that verifies.
  const eventId = ids.reduce((a, b) => (BigInt(b) > BigInt(a) ? b : a));
  const key = auditKeyOf(trx);
  await updateChainHead(trx, { hash: prevHash, eventId, mac: key ? chainMac(key, eventId, prevHash) : null });
}
