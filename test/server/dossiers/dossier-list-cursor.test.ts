import { startDemoWorld, type DemoWorld } from '../../helpers/demo-world';

const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * Dossiers created in quick succession share a second, often a millisecond, sometimes the exact
 * instant (one transaction): paging with a small limit still shows each exactly once, in order.
 */
describe('dossier list keyset paging', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
  });
  afterAll(() => w.t.stop());

  it('pages through dossiers that share a millisecond without gaps or repeats', async () => {
    const official = await w.as('chuyenvien.hienvan');
    const leader = await w.as('lanhdao.hienvan');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const created = await official.post('/dossiers', { title: `Hồ sơ thử phân trang ${i}`, openedOn: today(), ownerId: official.userId, approverId: leader.userId });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    // Microsecond times within one millisecond (as the database stores them), three of them equal.
    const micros = ['.123901', '.123456', '.123456', '.123456', '.123455', '.123001', '.123000', '.122999', '.500000', '.000001', '.999999', '.250250'];
    for (const [i, id] of ids.entries()) await w.t.database.db('dossiers').where({ id }).update({ created_at: w.t.database.db.raw('?::timestamptz', [`2026-11-30 08:00:00${micros[i]}+00`]) });
    const expected = (await w.t.database.db('dossiers').whereIn('id', ids).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select('id')).map((r) => r.id as string);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await official.get(`/dossiers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((d) => d.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toEqual(expected);
  });
});
