import { pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

const meta = (over: Record<string, unknown> = {}) => ({
  issuer: 'Sở Tài chính tỉnh Bắc Ninh', symbol: '31/STC-NS', docType: 'CV', issuedDate: '2026-11-20',
  subject: 'Về việc lập dự toán ngân sách năm 2027', urgency: 'normal', secrecy: 'normal', pages: 1, ...over,
});

describe('bookmarks and notification history', () => {
  let w: DemoWorld;
  let pdf: Buffer;
  beforeAll(async () => {
    w = await startDemoWorld();
    pdf = await makeDraftPdf();
  }, 300_000);
  afterAll(() => w.t.stop());

  it('stars documents with a private note, lists them with the same filters, and unstars', async () => {
    const clerk = await w.as('vanthu.daidong');
    const leader = await w.as('lanhdao.daidong');
    const a = (await clerk.post('/incoming', pdfForm(pdf, meta({ symbol: '01/STC-NS' })))).body;
    const b = (await clerk.post('/incoming', pdfForm(pdf, meta({ symbol: '02/TB-STC', docType: 'TB', subject: 'Thông báo thẩm định dự toán' })))).body;
    await clerk.post('/incoming', pdfForm(pdf, meta({ symbol: '03/STC-NS' })));
    const star = await clerk.request('PUT', `/documents/${a.id}/bookmark`, { note: 'Theo dõi để báo cáo lãnh đạo' });
    expect(star.status).toBe(200);
    expect(star.body).toEqual({ starred: true, note: 'Theo dõi để báo cáo lãnh đạo' });
    expect((await clerk.request('PUT', `/documents/${b.id}/bookmark`)).body).toEqual({ starred: true, note: null });
    // Again: the note changes, no duplicate.
    await clerk.request('PUT', `/documents/${b.id}/bookmark`, { note: 'Hạn 15/12' });
    const starred = await clerk.get('/documents?book=starred');
    expect(starred.body.items.map((i: { id: string }) => i.id)).toEqual([b.id, a.id]);
    expect(starred.body.items[0]).toMatchObject({ starred: true, note: 'Hạn 15/12' });
    expect((await clerk.get('/documents?book=starred&docType=TB')).body.items.map((i: { id: string }) => i.id)).toEqual([b.id]);
    expect((await clerk.get('/documents?book=starred&q=du%20toan%20ngan%20sach')).body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    // Personal: the leader of the same organisation has no stars, and sees no notes.
    expect((await leader.get('/documents?book=starred')).body.items).toEqual([]);
    expect((await leader.get('/documents?book=incoming')).body.items.every((i: { starred: boolean; note: string | null }) => !i.starred && i.note === null)).toBe(true);
    expect((await clerk.get('/documents?book=incoming')).body.items.filter((i: { starred: boolean }) => i.starred)).toHaveLength(2);
    expect((await clerk.request('DELETE', `/documents/${a.id}/bookmark`)).status).toBe(204);
    expect((await clerk.get('/documents?book=starred')).body.items.map((i: { id: string }) => i.id)).toEqual([b.id]);
    // Another organisation's document cannot be starred (it does not exist for them).
    const outsider = await w.as('vanthu.hienvan');
    expect((await outsider.request('PUT', `/documents/${a.id}/bookmark`)).status).toBe(404);
    const long = await clerk.request('PUT', `/documents/${a.id}/bookmark`, { note: 'x'.repeat(1001) });
    expect(long.body.error.message).toMatch(/Ghi chú tối đa 1000 ký tự/);
  });

  it('keeps the notification history, newest first and paged, with read state per item and mark-all-read', async () => {
    const clerk = await w.as('vanthu.xuanlai');
    const leader = await w.as('lanhdao.xuanlai');
    const submitted: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const doc = (await clerk.post('/incoming', pdfForm(pdf, meta({ symbol: `${40 + i}/STC-NS`, subject: `Văn bản số ${i} cần chỉ đạo` })))).body;
      await clerk.post(`/documents/${doc.id}/submit`, { leaderId: leader.userId });
      submitted.push(doc.id);
    }
    const first = await leader.get('/notifications?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.unread).toBe(7);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.items[0]).toMatchObject({ type: 'inbox:new', documentId: submitted[6], read: false, payload: expect.objectContaining({ subject: 'Văn bản số 6 cần chỉ đạo' }) });
    const pages = [first.body];
    while (pages[pages.length - 1].nextCursor) pages.push((await leader.get(`/notifications?limit=3&cursor=${pages[pages.length - 1].nextCursor}`)).body);
    const all = pages.flatMap((p) => p.items);
    expect(all.map((n: { documentId: string }) => n.documentId)).toEqual([...submitted].reverse());
    expect(all.map((n: { id: number }) => n.id)).toEqual([...all.map((n: { id: number }) => n.id)].sort((x, y) => y - x));
    // One read: the count follows, and the inbox (the bell's count) agrees.
    const read = await leader.post(`/notifications/${all[3].id}/read`);
    expect(read.body).toEqual({ unread: 6 });
    expect((await leader.get('/inbox')).body.unread).toBe(6);
    expect((await leader.get('/notifications?limit=10')).body.items.filter((n: { read: boolean }) => n.read).map((n: { id: number }) => n.id)).toEqual([all[3].id]);
    // Someone else's notification is not theirs to read.
    expect((await clerk.post(`/notifications/${all[0].id}/read`)).status).toBe(404);
    expect((await leader.post('/notifications/read-all')).body).toEqual({ unread: 0 });
    expect((await leader.get('/inbox')).body.unread).toBe(0);
    expect((await leader.get('/notifications')).body.items.every((n: { read: boolean }) => n.read)).toBe(true);
    expect((await leader.get('/notifications?cursor=abc')).status).toBe(400);
  });
});
