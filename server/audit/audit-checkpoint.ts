import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { chainMac } from './audit-key';
import { insertCheckpoint, listCheckpoints, readKeyedHead, updateChainHead } from './audit.repository';

export const AUDIT_CHECKPOINT_JOB = 'audit-checkpoint';

/** Records the current head as a keyed checkpoint (hourly job): later rewrites before it are detected. */
export async function checkpointAuditChain(db: Knex, key: Buffer): Promise<void> {
  const head = await readKeyedHead(db);
  if (head.eventId === null || head.mac === null) return;
  const last = (await listCheckpoints(db)).at(-1);
  if (last?.event_id === head.eventId) return;
  await insertCheckpoint(db, { eventId: head.eventId, hash: head.hash, mac: chainMac(key, head.eventId, head.hash) });
}

/**
 * A chain written before heads were keyed gets its head keyed once, at the first start with a key.
 * Only when no checkpoint exists yet: afterwards a head without its key is evidence, not an upgrade.
 */
export async function keyLegacyAuditHead(db: Knex, key: Buffer, logger?: Logger): Promise<void> {
  const head = await readKeyedHead(db);
  if (head.mac !== null || (await listCheckpoints(db)).length > 0) return;
  const last = await db('audit_events').orderBy('id', 'desc').first('id', 'hash');
  if (!last) return;
  if (last.hash !== head.hash) return; // a broken chain is left for `vanban audit verify` to report
  await updateChainHead(db, { hash: head.hash, eventId: String(last.id), mac: chainMac(key, String(last.id), head.hash) });
  logger?.warn({ eventId: String(last.id) }, 'audit chain head keyed for the first time');
}
