import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';
import { prepared } from '../../../server/db/prepared';

/** server/db/deferred-begin.ts: a transaction's BEGIN is sent with its first statement, one round trip fewer. */
describe('a transaction whose BEGIN rides with its first statement', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({});
    await t.db.raw('CREATE TABLE deferred_begin_probe (id int PRIMARY KEY, note text)');
  });
  afterAll(async () => t?.drop());
  afterEach(() => jest.restoreAllMocks());

  /** The statements node-postgres sent to the server while `work` ran (each one round trip). */
  async function roundTrips(work: () => Promise<unknown>): Promise<string[]> {
    const spy = jest.spyOn(Client.prototype, 'query');
    await work();
    return spy.mock.calls.map(([config]) => (typeof config === 'string' ? config : (config as { text: string }).text));
  }
  const rows = async () => (await t.db('deferred_begin_probe').orderBy('id')).map((r) => [r.id, r.note]);

  it('commits what its statements wrote, parameterised or not, named or not, with their own results', async () => {
    const sent = await roundTrips(() =>
      t.db.transaction(async (trx) => {
        const first = await prepared(trx.raw('INSERT INTO deferred_begin_probe VALUES (?, ?) RETURNING id', [1, 'một']));
        expect(first.rows).toEqual([{ id: 1 }]);
        expect(first.command).toBe('INSERT');
        // Inside the transaction: its id is the one the next statement sees.
        const txid = (await trx.raw('SELECT txid_current() AS id')).rows[0].id;
        expect((await trx.raw('SELECT txid_current() AS id')).rows[0].id).toBe(txid);
        await trx('deferred_begin_probe').insert({ id: 2, note: 'hai' });
      }),
    );
    expect(await rows()).toEqual([[1, 'một'], [2, 'hai']]);
    if (t.kind === 'postgres') expect(sent.some((s) => /^BEGIN;?$/i.test(s.trim()))).toBe(false);
    if (t.kind === 'postgres') expect(sent).toHaveLength(5);
  });

  it('keeps a transaction: a failure rolls back every statement, the first one included', async () => {
    await expect(
      t.db.transaction(async (trx) => {
        await trx.raw('INSERT INTO deferred_begin_probe VALUES (10, ?)', ['mười']);
        await trx.raw('INSERT INTO deferred_begin_probe VALUES (11, ?)', ['mười một']);
        throw new Error('thôi');
      }),
    ).rejects.toThrow('thôi');
    // A first statement without parameters (the simple protocol: the text carries the BEGIN).
    await expect(
      t.db.transaction(async (trx) => {
        await trx.raw("INSERT INTO deferred_begin_probe VALUES (12, 'mười hai')");
        await trx.raw('INSERT INTO deferred_begin_probe VALUES (1, ?)', ['trùng']);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await rows()).toEqual([[1, 'một'], [2, 'hai']]);
  });

  it('reports a failing first statement and leaves the connection usable', async () => {
    for (let i = 0; i < 12; i++) {
      await expect(t.db.transaction((trx) => trx.raw('SELECT no_such_column FROM deferred_begin_probe'))).rejects.toThrow(/no_such_column/);
    }
    // Every pooled connection is back outside any transaction.
    const states = await Promise.all(Array.from({ length: 8 }, () => t.db.raw('SELECT 1 AS one')));
    expect(states.every((r) => r.rows[0].one === 1)).toBe(true);
    expect((await t.db.transaction((trx) => trx.raw('SELECT ?::int AS n', [7]))).rows[0].n).toBe(7);
  });

  it('sends nothing for a transaction with no statement, and keeps multi-statement text and savepoints', async () => {
    const sent = await roundTrips(() => t.db.transaction(async () => undefined));
    if (t.kind === 'postgres') expect(sent).toEqual([]);
    const multi = await t.db.transaction((trx) => trx.raw("SELECT 1 AS a; SELECT 'hai' AS b"));
    expect(multi.map((r: { rows: unknown[] }) => r.rows)).toEqual([[{ a: 1 }], [{ b: 'hai' }]]);
    await t.db.transaction(async (trx) => {
      await trx.transaction(async (inner) => {
        await inner('deferred_begin_probe').insert({ id: 3, note: 'ba' });
      });
      await trx
        .transaction(async (inner) => {
          await inner('deferred_begin_probe').insert({ id: 4, note: 'bốn' });
          throw new Error('bỏ');
        })
        .catch(() => undefined);
    });
    expect(await rows()).toEqual([[1, 'một'], [2, 'hai'], [3, 'ba']]);
  });
});
