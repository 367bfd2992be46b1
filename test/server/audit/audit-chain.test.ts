import { recordAudit } from '../../../server/audit/record-audit';
import { verifyAuditChain } from '../../../server/audit/verify-audit-chain';
import { migrateToLatest } from '../../../server/db/migrate';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';

describe('audit hash chain', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
    await migrateToLatest(t.db);
    for (let i = 0; i < 5; i += 1) {
      await t.db.transaction((trx) =>
        recordAudit(trx, { actorId: null, organizationId: null, action: 'test.event', objectType: 'test', objectId: String(i), summary: `Sự kiện số ${i}`, data: { i, nested: { b: 2, a: 1 } } }),
      );
    }
  });
  afterEach(() => t.drop());

  it('verifies an untouched chain', async () => {
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: 5 });
  });

  it('detects an edited row', async () => {
    const third = await t.db('audit_events').orderBy('id').offset(2).first();
    await t.db('audit_events').where({ id: third.id }).update({ summary: 'Đã bị sửa' });
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(false);
    expect(report.brokenAt).toBe(String(third.id));
  });

  it('detects a deleted row in the middle and at the end', async () => {
    const rows = await t.db('audit_events').orderBy('id');
    await t.db('audit_events').where({ id: rows[1].id }).delete();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: String(rows[2].id) });
    await t.db('audit_events').where({ id: rows[4].id }).delete();
    await t.db('audit_events').where({ id: rows[2].id }).update({ prev_hash: rows[0].hash });
    expect((await verifyAuditChain(t.db)).ok).toBe(false);
  });

  it('detects a deleted last row through the chain head', async () => {
    const last = await t.db('audit_events').orderBy('id', 'desc').first();
    await t.db('audit_events').where({ id: last.id }).delete();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, checked: 4 });
  });

  it('records nothing when the surrounding transaction rolls back', async () => {
    await expect(
      t.db.transaction(async (trx) => {
        await recordAudit(trx, { actorId: null, organizationId: null, action: 'test.event', objectType: 'test', objectId: 'x', summary: 'Sẽ bị huỷ' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: 5 });
  });

  it('keeps one chain under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.db.transaction((trx) => recordAudit(trx, { actorId: null, organizationId: null, action: 'test.parallel', objectType: 'test', objectId: `p${i}`, summary: 'Song song' })),
      ),
    );
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: 25 });
  });
});
