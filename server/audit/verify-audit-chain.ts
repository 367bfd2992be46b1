import { timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { auditHash } from './audit-hash';
import { chainMac } from './audit-key';
import { listCheckpoints, readKeyedHead, streamAuditEvents } from './audit.repository';

export interface AuditChainReport {
  ok: boolean;
  checked: number;
  /** Id of the first event whose hash or link does not match, if any. */
  brokenAt?: string;
  reason?: string;
}

const sameMac = (a: string | null, b: string): boolean => a !== null && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Recomputes every link: an edited row changes its hash, a deleted row breaks the next link or the head.
 * With the server's audit key it also checks what an editor without the key cannot recompute: the
 * keyed head and every keyed checkpoint — so a log rewritten and re-chained from the edit onwards fails.
 */
export async function verifyAuditChain(db: Knex, key?: Buffer): Promise<AuditChainReport> {
  const checkpoints = key ? await listCheckpoints(db) : [];
  const wanted = new Set(checkpoints.map((c) => c.event_id));
  const hashAt = new Map<string, string>();
  let prev = '0'.repeat(64);
  let lastId: string | null = null;
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
    lastId = String(row.id);
    if (wanted.has(lastId)) hashAt.set(lastId, prev);
    checked += 1;
  }
  const head = await readKeyedHead(db);
  if (head.hash !== prev) return { ok: false, checked, reason: 'Sự kiện cuối chuỗi đã bị xoá' };
  if (!key) return { ok: true, checked };
  if (lastId !== null && (head.eventId !== lastId || !sameMac(head.mac, chainMac(key, lastId, prev)))) {
    return { ok: false, checked, reason: 'Đầu chuỗi không khớp khoá bí mật của máy chủ: nhật ký đã bị viết lại' };
  }
  for (const cp of checkpoints) {
    if (!sameMac(cp.mac, chainMac(key, cp.event_id, cp.hash))) {
      return { ok: false, checked, brokenAt: cp.event_id, reason: 'Điểm kiểm tra của nhật ký bị giả mạo' };
    }
    if (hashAt.get(cp.event_id) !== cp.hash) {
      return { ok: false, checked, brokenAt: cp.event_id, reason: 'Nhật ký không khớp điểm kiểm tra đã ký: các sự kiện trước đó đã bị viết lại' };
    }
  }
  return { ok: true, checked };
}
