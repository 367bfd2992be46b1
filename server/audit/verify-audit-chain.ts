import type { Knex } from 'knex';
import { auditHash } from './audit-hash';
import { readChainHead, streamAuditEvents } from './audit.repository';

export interface AuditChainReport {
  ok: boolean;
  checked: number;
  /** Id of the first event whose hash or link does not match, if any. */
  brokenAt?: string;
  reason?: string;
}

/** Recomputes every link: an edited row changes its hash, a deleted row breaks the next link or the head. */
export async function verifyAuditChain(db: Knex): Promise<AuditChainReport> {
  let prev = '0'.repeat(64);
  let checked = 0;
  for await (const row of streamAuditEvents(db)) {
    if (row.prev_hash !== prev) {
      return { ok: false, checked, brokenAt: String(row.id), reason: 'Liên kết với sự kiện trước bị đứt (có sự kiện bị xoá hoặc chèn)' };
    }
    const expected = auditHash(prev, {
      at: new Date(row.at),
      actorId: row.actor_id,
      organizationId: row.organization_id,
      action: row.action,
      objectType: row.object_type,
      objectId: row.object_id,
      summary: row.summary,
      data: row.data ?? null,
    });
    if (expected !== row.hash) {
      return { ok: false, checked, brokenAt: String(row.id), reason: 'Nội dung sự kiện đã bị sửa' };
    }
    prev = row.hash;
    checked += 1;
  }
  const head = await readChainHead(db);
  if (head !== prev) return { ok: false, checked, reason: 'Sự kiện cuối chuỗi đã bị xoá' };
  return { ok: true, checked };
}
