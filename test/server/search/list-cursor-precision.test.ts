import { randomUUID } from 'node:crypto';
import { ORG, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';

// @embedded-engine: list cursors carry the engine's own timestamp text.

/**
 * The document lists' cursor carries the sort value as the database's own text, so documents that
 * arrived within one millisecond (or at the same microsecond) still page without gaps or repeats.
 */
describe('document list cursor precision', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
  });
  afterAll(() => w.t.stop());

  it('pages by date through documents that share a millisecond', async () => {
    const db = w.t.database.db;
    const clerk = await w.as('vanthu.xuanlai');
    const orgId = (await db('organizations').where({ code: ORG.communeXuanLai }).first()).id;
    const micros = ['.123901', '.123456', '.123456', '.123456', '.123455', '.123001', '.123000', '.122999', '.500000', '.000001', '.999999', '.250250'];
    const rows = micros.map((m, i) => ({
      id: randomUUID(), organization_id: orgId, direction: 'incoming', status: 'registered', source: 'paper', doc_type: 'CV',
      subject: `Văn bản cùng mili giây ${i}`, urgency: 'normal', secrecy: 'normal', issuer_name: 'Sở Tài chính', symbol: `${i}/STC-NS`,
      arrival_at: `2026-11-30 08:00:00${m}+00`,
    }));
    await db('documents').insert(rows);
    const expected = (await db('documents').where({ organization_id: orgId }).orderBy([{ column: 'list_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select('id')).map((r) => r.id as string);
    expect(expected).toHaveLength(micros.length);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await clerk.get(`/documents?book=all&sort=date&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((d) => d.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toEqual(expected);
  });
});
