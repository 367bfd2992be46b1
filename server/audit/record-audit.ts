import type { Knex } from 'knex';
import { auditHash } from './audit-hash';
import { insertAuditEvent, lockChainHead, updateChainHead } from './audit.repository';
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
  const prevHash = await lockChainHead(trx);
  // Millisecond precision survives the round trip through timestamptz, so verification recomputes the same hash.
  const at = new Date();
  const content = { ...entry, data: entry.data ?? null, at };
  const hash = auditHash(prevHash, content);
  const eventId = await insertAuditEvent(trx, {
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
  // The head is authenticated with the server's key: recomputing the plain hashes after an edit
  // cannot produce a head that verifies.
  const key = auditKeyOf(trx);
  await updateChainHead(trx, { hash, eventId, mac: key ? chainMac(key, eventId, hash) : null });
}
