import type { Knex } from 'knex';
import { auditHash } from './audit-hash';
import { appendIfHeadIs, lockChainHead, updateChainHead, type AuditRow } from './audit.repository';
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
 * The head this process last wrote, per database handle (its transactions share the config
 * object), and a turn so that one append of this process is computed only once the one before
 * has been written: the next append then usually guesses the head and its event id right.
 */
interface ChainGuess {
  hash: string | null;
  lastId: bigint | null;
  turn: Promise<void>;
  /** Transactions that appended and so hold the head's row lock until they end. */
  holders: WeakSet<Knex.Transaction>;
}
const guesses = new WeakMap<object, ChainGuess>();

function guessOf(trx: Knex.Transaction): ChainGuess {
  let guess = guesses.get(trx.client.config);
  if (!guess) guesses.set(trx.client.config, (guess = { hash: null, lastId: null, turn: Promise.resolve(), holders: new WeakSet() }));
  return guess;
}

function chain(prevHash: string, entries: readonly AuditEntry[]): { rows: Omit<AuditRow, 'id'>[]; last: string } {
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
  return { rows, last: prevHash };
}

/**
 * Appends events to the chain in order, in one statement for any number of them (a delivery to a
 * thousand agencies costs one round trip, not a thousand) that also moves the keyed head.
 *
 * The chain stays one sequence because the head only moves by compare-and-set under its row lock
 * (`appendIfHeadIs`): the rows are chained from the head this process expects, and if another
 * appender moved it first nothing is written; the head is then locked and read, and the rows
 * chained again from it. The head's key covers the last event's id, which the sequence assigns:
 * it is guessed from the last id this process saw, and the head is keyed again if the guess
 * was wrong (a rolled-back append, another instance).
 */
export async function recordAudits(trx: Knex.Transaction, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const key = auditKeyOf(trx);
  const guess = guessOf(trx);
  // A transaction appending again already holds the head's lock: waiting for the turn would wait on an
  // append that waits on that lock. It goes ahead (no one else can append meanwhile).
  const holding = guess.holders.has(trx);
  const before = holding ? Promise.resolve() : guess.turn;
  let release = () => {};
  if (!holding) guess.turn = new Promise((resolve) => (release = resolve));
  try {
    await before;
    let ids: string[] | null = null;
    let built: { rows: Omit<AuditRow, 'id'>[]; last: string } | null = null;
    if (guess.hash !== null && guess.lastId !== null) {
      built = chain(guess.hash, entries);
      const eventId = String(guess.lastId + BigInt(entries.length));
      ids = await appendIfHeadIs(trx, guess.hash, built.rows, { hash: built.last, eventId, mac: key ? chainMac(key, eventId, built.last) : null });
    }
    if (ids === null) {
      // No guess yet, or the head moved: take its lock and chain from what it is.
      const head = await lockChainHead(trx);
      built = chain(head, entries);
      ids = await appendIfHeadIs(trx, head, built.rows, { hash: built.last, eventId: null, mac: null });
      if (ids === null) throw new Error('audit chain head moved while locked');
      guess.lastId = null;
    }
    const { last } = built!;
    const eventId = ids.reduce((a, b) => (BigInt(b) > BigInt(a) ? b : a));
    // The head is authenticated with the server's key: recomputing the plain hashes after an edit
    // cannot produce a head that verifies. Keyed again only when the guessed event id was not the one assigned.
    if (guess.lastId === null || String(guess.lastId + BigInt(entries.length)) !== eventId) {
      await updateChainHead(trx, { hash: last, eventId, mac: key ? chainMac(key, eventId, last) : null });
    }
    guess.hash = last;
    guess.lastId = BigInt(eventId);
    guess.holders.add(trx);
  } catch (err) {
    guess.hash = null;
    guess.lastId = null;
    throw err;
  } finally {
    release();
  }
}
