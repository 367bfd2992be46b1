import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';
import { PER_CONNECTION_LIMIT, prepared, withStatementName } from '../../../server/db/prepared';

describe('withStatementName', () => {
  it('names a marked statement after its SQL text and leaves others alone', () => {
    const a = withStatementName('select 1 where $1', { vanbanPrepare: true }, {});
    const b = withStatementName('select 2 where $1', { vanbanPrepare: true }, {});
    expect(a?.name).toMatch(/^v_/);
    expect(b?.name).not.toBe(a?.name);
    expect(withStatementName('select 1 where $1', { vanbanPrepare: true }, {})?.name).toBe(a?.name);
    expect(withStatementName('select 1', undefined, {})).toBeUndefined();
    expect(withStatementName('select 1', { rowMode: 'array' }, {})).toEqual({ rowMode: 'array' });
    expect(withStatementName('select 1', { vanbanPrepare: true, rowMode: 'array' }, {})).toMatchObject({ rowMode: 'array' });
  });

  it('stops naming new statements on a connection that holds its limit, but keeps using the ones it has', () => {
    const held: Record<string, string> = {};
    for (let i = 0; i < PER_CONNECTION_LIMIT; i++) held[`v_${i}`] = `select ${i}`;
    const known = withStatementName('select known', { vanbanPrepare: true }, {})!.name as string;
    expect(withStatementName('select new', { vanbanPrepare: true }, { parsedStatements: held })?.name).toBeUndefined();
    held[known] = 'select known';
    expect(withStatementName('select known', { vanbanPrepare: true }, { parsedStatements: held })?.name).toBe(known);
  });
});

describe('prepared statements on the database', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrated: true });
  });
  afterAll(async () => t?.drop());

  it('runs a marked statement as a named one (PostgreSQL keeps it per connection), with the same results', async () => {
    await t.db.transaction(async (trx) => {
      const plain = await trx('organizations').where({ id: '00000000-0000-0000-0000-000000000000' }).first();
      const marked = await prepared(trx('organizations').where({ id: '00000000-0000-0000-0000-000000000000' }).first());
      expect(marked).toEqual(plain);
      const again = await prepared(trx.raw('SELECT ?::int + 1 AS n', [41]));
      expect(again.rows[0].n).toBe(42);
      const held = await trx.raw("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'v\\_%'").catch(() => null);
      if (t.kind === 'postgres') expect(held!.rows[0].n).toBe(2);
    });
  });
});
