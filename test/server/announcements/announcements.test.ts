import { ORG, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { connectInbox } from '../realtime/realtime-client';

function announcementForm(meta: unknown, files: [Buffer, string][]): FormData {
  const form = new FormData();
  form.append('meta', JSON.stringify(meta));
  for (const [bytes, name] of files) form.append('files', new Blob([new Uint8Array(bytes)]), name);
  return form;
}

describe('internal announcements (thông báo nội bộ)', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
  }, 180_000);
  afterAll(() => w.t.stop());

  it('a leader posts to one unit with an attachment: members get it live, read state is tracked, the author sees who read', async () => {
    const leader = await w.as('lanhdao.tinh');
    const official = await w.as('chuyenvien.tinh'); // Phòng Khoa giáo - Văn xã (the first specialist unit)
    const clerk = await w.as('vanthu.tinh'); // Văn phòng
    const units = (await leader.get(`/organizations/${ORG.province}`)).body.units as { id: string; abbreviation: string }[];
    const kgvx = units.find((u) => u.abbreviation === 'KGVX')!;
    const live = await connectInbox(w.t.url, official.token!);
    const pdf = await makeDraftPdf();

    const posted = await leader.post('/announcements', announcementForm({ title: 'Lịch họp giao ban tuần', body: 'Họp lúc 8 giờ thứ Hai tại phòng họp số 2.', unitIds: [kgvx.id], expiresAt: '2099-12-31' }, [[pdf, 'Lịch họp.pdf']]));
    expect([posted.status, posted.body.error]).toEqual([201, undefined]);
    expect(posted.body).toMatchObject({ title: 'Lịch họp giao ban tuần', mine: true, expired: false, readCount: 0, recipientCount: 1, units: [{ name: 'Phòng Khoa giáo - Văn xã' }] });
    expect(posted.body.attachments).toEqual([{ id: expect.any(String), fileName: 'Lịch họp.pdf', contentType: 'application/pdf', size: pdf.length }]);
    expect(posted.body.expiresAt).toBe('2099-12-31T16:59:59.000Z');

    const [event] = await live.waitForEvents(1);
    expect(event).toMatchObject({ type: 'announcement:new', payload: { announcementId: posted.body.id, title: 'Lịch họp giao ban tuần', authorName: 'Đỗ Quang Huy' } });
    live.close();

    const list = await official.get('/announcements');
    expect(list.body).toMatchObject({ total: 1, unread: 1, items: [{ id: posted.body.id, readAt: null, mine: false }] });
    // Outside the chosen unit it is not visible at all.
    expect((await clerk.get('/announcements')).body.total).toBe(0);
    expect((await clerk.get(`/announcements/${posted.body.id}`)).status).toBe(404);
    expect((await clerk.get(`/announcements/${posted.body.id}/attachments/${posted.body.attachments[0].id}`)).status).toBe(404);

    const file = await fetch(`${w.t.url}/api/v1/announcements/${posted.body.id}/attachments/${posted.body.attachments[0].id}`, { headers: { authorization: `Bearer ${official.token}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''L%E1%BB%8Bch%20h%E1%BB%8Dp.pdf");
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);

    const before = (await leader.get(`/announcements/${posted.body.id}/readers`)).body.items;
    expect(before).toEqual([{ userId: official.userId, fullName: 'Vũ Thị Mai', unit: 'Phòng Khoa giáo - Văn xã', readAt: null }]);
    expect((await official.get(`/announcements/${posted.body.id}/readers`)).status).toBe(404);
    expect((await official.post(`/announcements/${posted.body.id}/read`)).status).toBe(204);
    expect((await official.post(`/announcements/${posted.body.id}/read`)).status).toBe(204);
    const after = (await leader.get(`/announcements/${posted.body.id}/readers`)).body.items;
    expect(after[0].readAt).toEqual(expect.any(String));
    expect((await leader.get('/announcements')).body.items[0]).toMatchObject({ readCount: 1, recipientCount: 1 });
    expect((await official.get('/announcements')).body.unread).toBe(0);
    const reads = await w.t.vanban.db('audit_events').where({ object_id: posted.body.id }).pluck('action');
    expect(reads).toEqual(['announcement.post', 'announcement.read']);
  });

  it('posts to the whole agency by JSON; expired ones leave the default list; search and paging work', async () => {
    const clerk = await w.as('vanthu.stc');
    const official = await w.as('chuyenvien.stc');
    const leader = await w.as('lanhdao.stc');
    const res = await clerk.post('/announcements', { title: 'Nghỉ lễ Quốc khánh', body: 'Cơ quan nghỉ từ 1/9 đến 2/9.' });
    expect(res.status).toBe(201);
    expect(res.body.recipientCount).toBe(2);
    for (let i = 1; i <= 3; i++) await clerk.post('/announcements', { title: `Thông báo số ${i}`, body: 'Nội dung' });
    const old = await clerk.post('/announcements', { title: 'Sắp hết hạn', body: 'x', expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect(old.status).toBe(201);
    expect((await official.get('/announcements')).body.total).toBe(5);
    // Waits for the expiry itself (the list shrinking), never for a guessed duration.
    const listed = async () => (await official.get('/announcements')).body.total as number;
    for (const until = Date.now() + 30_000; (await listed()) !== 4 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
    expect(await listed()).toBe(4);
    const withExpired = (await official.get('/announcements?expired=1')).body;
    expect(withExpired.total).toBe(5);
    expect(withExpired.items.find((a: { title: string }) => a.title === 'Sắp hết hạn').expired).toBe(true);
    const page2 = (await leader.get('/announcements?pageSize=3&page=2')).body;
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.items).toHaveLength(1);
    expect((await leader.get(`/announcements?q=${encodeURIComponent('quốc khánh')}`)).body.items.map((a: { title: string }) => a.title)).toEqual(['Nghỉ lễ Quốc khánh']);
  });

  it('refuses officials, bad input, foreign units and unsafe attachments, leaving nothing behind', async () => {
    const official = await w.as('chuyenvien.snv');
    const leader = await w.as('lanhdao.snv');
    expect((await official.post('/announcements', { title: 'Tự đăng', body: 'x' })).status).toBe(403);
    expect((await leader.post('/announcements', { title: 'ab', body: 'x' })).status).toBe(400);
    expect((await leader.post('/announcements', { title: 'Hết hạn rồi', body: 'x', expiresAt: '2020-01-01' })).body.error.message).toMatch(/sau thời điểm hiện tại/);
    const foreign = (await (await w.as('vanthu.stc')).get(`/organizations/${ORG.finance}`)).body.units[0].id;
    expect((await leader.post('/announcements', { title: 'Đơn vị lạ', body: 'x', unitIds: [foreign] })).status).toBe(404);
    const exe = await leader.post('/announcements', announcementForm({ title: 'Có tệp lạ', body: 'x' }, [[Buffer.from('MZ\x90\x00'), 'cai-dat.exe']]));
    expect(exe.status).toBe(415);
    const fake = await leader.post('/announcements', announcementForm({ title: 'PDF giả', body: 'x' }, [[Buffer.from('<html><script>alert(1)</script></html>'), 'bao-cao.pdf']]));
    expect(fake.status).toBe(400);
    expect(fake.body.error.code).toBe('INVALID_FILE');
    const badMeta = await leader.post('/announcements', announcementForm({ title: 'x', body: '' }, [[await makeDraftPdf(), 'a.pdf']]));
    expect(badMeta.status).toBe(400);
    expect(Number((await w.t.vanban.db('announcements').where({ author_id: leader.userId }).count('* as n'))[0].n)).toBe(0);
    expect(Number((await w.t.vanban.db('announcement_attachments').count('* as n'))[0].n)).toBe(1);
  });
});
