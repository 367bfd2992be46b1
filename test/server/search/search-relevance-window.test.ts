import { randomUUID } from 'node:crypto';
import { RELEVANCE_CANDIDATES } from '../../../server/search/document-list.repository';
import { ORG, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';

type Page = { status: number; body: { items: { id: string; subject: string; highlight?: { subject: { text: string; hit: boolean }[] } }[]; nextCursor: string | null } };

/**
 * A relevance-ordered search ranks the newest RELEVANCE_CANDIDATES matches: a common word is found
 * by walking the list's date index, a rare one through the GIN index. Both must give the newest
 * matches, ranked, paged without gaps or repeats; older matches remain reachable by date order.
 */
describe('search relevance window', () => {
  let w: DemoWorld;
  const common: { id: string; at: number }[] = [];
  let oldestStrong = '';
  let rare = '';
  beforeAll(async () => {
    w = await startDemoWorld();
    const db = w.t.database.db;
    const orgId = (await db('organizations').where({ code: ORG.communeXuanLai }).first()).id;
    const total = RELEVANCE_CANDIDATES + 100;
    const base = Date.parse('2026-06-01T00:00:00Z');
    const rows = Array.from({ length: total }, (_, i) => {
      const id = randomUUID();
      common.push({ id, at: base + i * 60_000 });
      // Every tenth document says it twice (ranks higher); the oldest one too, but it is outside the window.
      const strong = i % 10 === 0;
      const subject = i === 0 ? 'Kế hoạch, kế hoạch về hồ chứa nước Đại Lải' : `${strong ? 'Kế hoạch thực hiện kế hoạch' : 'Kế hoạch'} số ${i} về công tác văn thư`;
      return {
        id, organization_id: orgId, direction: 'incoming', status: 'registered', source: 'paper', doc_type: 'CV', subject,
        urgency: 'normal', secrecy: 'normal', issuer_name: 'Sở Nội vụ', symbol: `${i + 1}/SNV-VP`, arrival_at: new Date(base + i * 60_000),
      };
    });
    for (let i = 0; i < rows.length; i += 100) await db('documents').insert(rows.slice(i, i + 100));
    oldestStrong = rows[0].id;
    rare = rows[0].id;
  });
  afterAll(() => w.t.stop());

  async function pageThrough(path: string): Promise<Page['body']['items']> {
    const clerk = await w.as('vanthu.xuanlai');
    const seen: Page['body']['items'] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await clerk.get(`${path}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    return seen;
  }

  it('says how far the ranking reaches, only when ordered by relevance', async () => {
    const clerk = await w.as('vanthu.xuanlai');
    expect((await clerk.get('/documents?book=incoming&q=ke%20hoach')).body.relevanceWindow).toBe(RELEVANCE_CANDIDATES);
    expect((await clerk.get('/documents?book=incoming&q=ke%20hoach&sort=date')).body).not.toHaveProperty('relevanceWindow');
    expect((await clerk.get('/documents?book=incoming')).body).not.toHaveProperty('relevanceWindow');
  });

  it('ranks exactly the newest matches of a common word, stronger ones first, without repeats', async () => {
    const items = await pageThrough('/documents?book=incoming&q=ke%20hoach');
    const newest = new Set([...common].sort((a, b) => b.at - a.at).slice(0, RELEVANCE_CANDIDATES).map((d) => d.id));
    expect(items).toHaveLength(RELEVANCE_CANDIDATES);
    expect(new Set(items.map((i) => i.id))).toEqual(newest);
    expect(items.map((i) => i.id)).not.toContain(oldestStrong);
    // The documents that say it twice come first.
    const strongCount = [...newest].filter((id) => common.findIndex((d) => d.id === id) % 10 === 0).length;
    expect(items.slice(0, strongCount).every((i) => /kế hoạch.*kế hoạch/i.test(i.subject))).toBe(true);
    expect(items[0].highlight?.subject.some((p) => p.hit)).toBe(true);
  });

  it('still finds every match in date order, and a rare phrase in an old document', async () => {
    const byDate = await pageThrough('/documents?book=incoming&q=ke%20hoach&sort=date');
    expect(byDate.map((i) => i.id)).toEqual(expect.arrayContaining(common.map((d) => d.id)));
    const found = await pageThrough(`/documents?book=incoming&q=${encodeURIComponent('"ho chua nuoc dai lai"')}`);
    expect(found.map((i) => i.id)).toEqual([rare]);
  });
});
