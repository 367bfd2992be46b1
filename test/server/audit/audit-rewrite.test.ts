import { randomBytes } from 'node:crypto';
import { auditHash } from '../../../server/audit/audit-hash';
import { checkpointAuditChain, keyLegacyAuditHead } from '../../../server/audit/audit-checkpoint';
import { bindAuditKey, deriveAuditKey } from '../../../server/audit/audit-key';
import { recordAudit, recordAudits } from '../../../server/audit/record-audit';
import { verifyAuditChain } from '../../../server/audit/verify-audit-chain';
import { migrateToLatest } from '../../../server/db/migrate';
import knex from 'knex';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';

/** What an attacker with database access but not the server secret does: edit, then recompute every later hash. */
async function rewriteAndRechain(t: TestDatabase, index: number, summary: string): Promise<void> {
  const rows = await t.db('audit_events').orderBy('id');
  let prev = index === 0 ? '0'.repeat(64) : rows[index - 1].hash;
  for (let i = index; i < rows.length; i++) {
    const row = { ...rows[i], summary: i === index ? summary : rows[i].summary };
    const hash = auditHash(prev, {
      at: new Date(row.at), actorId: row.actor_id, organizationId: row.organization_id, action: row.action,
      objectType: row.object_type, objectId: row.object_id, summary: row.summary, data: row.data ?? null,
    });
    await t.db('audit_events').where({ id: row.id }).update({ summary: row.summary, prev_hash: prev, hash });
    prev = hash;
  }
  await t.db('audit_chain_head').where({ id: 1 }).update({ hash: prev });
}

const append = (t: TestDatabase, n: number, from = 0) =>
  (async () => {
    for (let i = from; i < from + n; i++) {
      await t.db.transaction((trx) => recordAudit(trx, { actorId: null, organizationId: null, action: 'document.issue', objectType: 'document', objectId: String(i), summary: `Ban hành văn bản số ${i}` }));
    }
  })();

describe('audit chain keyed with the server secret', () => {
  let t: TestDatabase;
  const key = deriveAuditKey(randomBytes(32));
  beforeEach(async () => {
    t = await createTestDatabase();
    await migrateToLatest(t.db);
    bindAuditKey(t.db, key);
    await append(t, 6);
  });
  afterEach(() => t.drop());

  it('verifies an untouched chain with its key, and refuses it with another key', async () => {
    expect(await verifyAuditChain(t.db, key)).toEqual({ ok: true, checked: 6 });
    expect((await verifyAuditChain(t.db, deriveAuditKey(randomBytes(32)))).ok).toBe(false);
  });

  it('detects a rewritten and re-chained log (which the unkeyed check accepts)', async () => {
    await rewriteAndRechain(t, 2, 'Ban hành văn bản số 2 (đã sửa)');
    expect((await verifyAuditChain(t.db)).ok).toBe(true); // the original weakness
    const report = await verifyAuditChain(t.db, key);
    expect(report.ok).toBe(false);
    expect(report.reason).toMatch(/viết lại/);
  });

  it('detects a log cut back to an earlier keyed state through the later checkpoints', async () => {
    await checkpointAuditChain(t.db, key);
    const earlier = await t.db('audit_chain_head').first();
    await append(t, 3, 6);
    await checkpointAuditChain(t.db, key);
    await append(t, 2, 9);
    expect(await verifyAuditChain(t.db, key)).toEqual({ ok: true, checked: 11 });
    // Drop everything after the first checkpoint and replay its genuinely keyed head.
    await t.db('audit_events').where('id', '>', earlier.event_id).delete();
    await t.db('audit_chain_head').update({ hash: earlier.hash, mac: earlier.mac, event_id: earlier.event_id });
    const report = await verifyAuditChain(t.db, key);
    expect(report.ok).toBe(false);
    expect(report.reason).toMatch(/điểm kiểm tra/);
  });

  it('keys a legacy head once, and not again once checkpoints exist', async () => {
    await t.db('audit_chain_head').update({ mac: null, event_id: null });
    expect((await verifyAuditChain(t.db, key)).ok).toBe(false);
    await keyLegacyAuditHead(t.db, key);
    expect((await verifyAuditChain(t.db, key)).ok).toBe(true);
    await checkpointAuditChain(t.db, key);
    await t.db('audit_chain_head').update({ mac: null });
    await keyLegacyAuditHead(t.db, key);
    expect((await verifyAuditChain(t.db, key)).ok).toBe(false);
  });

  // Appends move the head by compare-and-set from the head this process expects, with a guessed
  // event id: a rolled-back append, concurrent appends of several events, and (on PostgreSQL)
  // another instance appending through its own connections must all leave one keyed chain.
  it('keeps one keyed chain through rollbacks, concurrent batches and another instance', async () => {
    const entry = (i: number) => ({ actorId: null, organizationId: null, action: 'test.parallel', objectType: 'test', objectId: `c${i}`, summary: `Song song ${i}` });
    await expect(
      t.db.transaction(async (trx) => {
        await recordAudits(trx, [entry(-1), entry(-2)]);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const other = t.url ? knex({ client: 'pg', connection: t.url, pool: { min: 0, max: 4 } }) : null;
    if (other) bindAuditKey(other, key);
    try {
      await Promise.all(
        Array.from({ length: 24 }, (_, i) => {
          const db = other && i % 3 === 0 ? other : t.db;
          return db.transaction((trx) => recordAudits(trx, Array.from({ length: (i % 4) + 1 }, (_, k) => entry(i * 10 + k))));
        }),
      );
      await append(t, 2, 100);
    } finally {
      await other?.destroy();
    }
    const total = 6 + Array.from({ length: 24 }, (_, i) => (i % 4) + 1).reduce((a, b) => a + b, 0) + 2;
    expect(await verifyAuditChain(t.db, key)).toEqual({ ok: true, checked: total });
    const ids = (await t.db('audit_events').orderBy('id').select('id')).map((r) => Number(r.id));
    expect(String((await t.db('audit_chain_head').first('event_id')).event_id)).toBe(String(ids.at(-1)));
  });
  it('lets a transaction append again while another transaction of this process waits for the head', async () => {
    const entry = (i: number) => ({ actorId: null, organizationId: null, action: 'test.twice', objectType: 'test', objectId: `d${i}`, summary: `Hai lần ${i}` });
    let secondWaiting!: () => void;
    const waiting = new Promise<void>((r) => (secondWaiting = r));
    let second: Promise<void> | undefined;
    await t.db.transaction(async (trx) => {
      await recordAudit(trx, entry(1));
      // PostgreSQL: a second transaction queues its append behind this one's head lock (the embedded
      // database has one connection, so there the second transaction starts only after this one).
      if (t.url) {
        second = t.db.transaction(async (other) => {
          const appended = recordAudit(other, entry(2));
          secondWaiting();
          await appended;
        });
        await waiting;
      }
      await recordAudit(trx, entry(3));
    });
    await second;
    expect(await verifyAuditChain(t.db, key)).toEqual({ ok: true, checked: 6 + (t.url ? 3 : 2) });
  });
});
