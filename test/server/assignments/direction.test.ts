import { watchDeadlines } from '../../../server/assignments/deadline-watch';
import { pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

const meta = { issuer: 'Sở Nội vụ tỉnh Bắc Ninh', symbol: '210/SNV-XDCQ', docType: 'CV', issuedDate: '2026-11-18', subject: 'Về việc báo cáo số liệu cán bộ', urgency: 'normal', secrecy: 'normal', pages: 1 };

describe('direction and assignments', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
  });
  afterAll(() => w.t.stop());

  const notificationsOf = async (userId: string) => w.t.database.db('notifications').where({ user_id: userId }).orderBy('id');

  it('walks register → submit → direct → progress → complete, with inbox, history and audit', async () => {
    const clerk = await w.as('vanthu.tiendu');
    const leader = await w.as('lanhdao.tiendu');
    const official = await w.as('chuyenvien.tiendu');
    const doc = (await clerk.post('/incoming', pdfForm(await makeDraftPdf(), meta))).body;

    const wrongLeader = await clerk.post(`/documents/${doc.id}/submit`, { leaderId: official.userId });
    expect(wrongLeader.status).toBe(400);
    expect((await clerk.post(`/documents/${doc.id}/submit`, { leaderId: leader.userId })).body.status).toBe('submitted');
    const leaderInbox = (await leader.get('/inbox')).body;
    expect(leaderInbox.items.filter((i: { section: string }) => i.section === 'awaiting_direction').map((i: { document: { id: string } }) => i.document.id)).toContain(doc.id);
    expect((await notificationsOf(leader.userId)).map((n) => n.type)).toContain('inbox:new');

    const units = (await clerk.get('/organizations/000.00.32.H06')).body.units;
    const finance = units.find((u: { abbreviation: string }) => u.abbreviation === 'TCKH');
    const office = units.find((u: { abbreviation: string }) => u.abbreviation === 'VP');
    const tomorrow = new Date(Date.now() + 36 * 3_600_000).toISOString().slice(0, 10);
    const notLeader = await official.post(`/documents/${doc.id}/direction`, { instruction: 'Giao xử lý', lead: { userId: official.userId }, deadline: tomorrow });
    expect(notLeader.status).toBe(403);
    const badAssignee = await leader.post(`/documents/${doc.id}/direction`, { instruction: 'Giao', lead: { userId: (await w.as('chuyenvien.tinh')).userId } });
    expect(badAssignee.status).toBe(404);
    const directed = await leader.post(`/documents/${doc.id}/direction`, {
      instruction: 'Giao Phòng Tài chính - Kế hoạch chủ trì, Văn phòng phối hợp, báo cáo trước hạn',
      lead: { userId: official.userId },
      coordinators: [{ unitId: office.id }],
      inform: [{ unitId: finance.id }],
      deadline: tomorrow,
    });
    expect(directed.status).toBe(200);
    expect(directed.body.status).toBe('directed');
    expect((await leader.post(`/documents/${doc.id}/direction`, { instruction: 'Lần hai', lead: { userId: official.userId } })).status).toBe(409);

    const officialInbox = (await official.get('/inbox')).body;
    const work = officialInbox.items.find((i: { section: string; document: { id: string } }) => i.section === 'assigned' && i.document.id === doc.id);
    expect(work.assignment).toMatchObject({ role: 'lead', status: 'assigned', overdue: false });
    expect((await notificationsOf(official.userId)).map((n) => n.type)).toEqual(['assignment:new']); // one event (one toast) per person per direction
    expect((await notificationsOf(clerk.userId)).map((n) => n.type)).toContain('assignment:new'); // clerk sits in the coordinating office

    const detail = (await clerk.get(`/documents/${doc.id}`)).body;
    expect(detail.directions[0].instruction).toMatch(/chủ trì/);
    expect(detail.assignments.map((a: { role: string }) => a.role).sort()).toEqual(['coordinate', 'inform', 'lead']);
    const coordination = detail.assignments.find((a: { role: string }) => a.role === 'coordinate');

    expect((await (await w.as('chuyenvien.tinh')).post(`/assignments/${work.assignment.id}/progress`, { note: 'Không phải việc của tôi' })).status).toBe(404);
    const progress = await official.post(`/assignments/${work.assignment.id}/progress`, { note: 'Đã tổng hợp số liệu ba phòng', percent: 40 });
    expect(progress.body).toMatchObject({ status: 'in_progress', percent: 40 });
    expect((await clerk.get(`/documents/${doc.id}`)).body.document.status).toBe('in_progress');
    const leadDone = await official.post(`/assignments/${work.assignment.id}/complete`, { result: 'Đã gửi báo cáo số 12/BC-UBND' });
    expect(leadDone.body.status).toBe('completed');
    expect((await clerk.get(`/documents/${doc.id}`)).body.document.status).toBe('in_progress');
    const coordDone = await clerk.post(`/assignments/${coordination.id}/complete`, { result: 'Văn phòng đã phối hợp' });
    expect(coordDone.status).toBe(200);
    expect((await clerk.get(`/documents/${doc.id}`)).body.document.status).toBe('completed');
    expect((await official.post(`/assignments/${work.assignment.id}/progress`, { note: 'Sau khi xong' })).status).toBe(409);

    const history = (await clerk.get(`/documents/${doc.id}/history`)).body.items.map((h: { action: string }) => h.action);
    expect(history).toEqual(['incoming.register', 'document.submit', 'document.direct', 'assignment.progress', 'assignment.complete', 'assignment.complete']);
  });

  it('reminds before the deadline and flags overdue work, once, from the recurring job', async () => {
    const clerk = await w.as('vanthu.giabinh');
    const leader = await w.as('lanhdao.giabinh');
    const official = await w.as('chuyenvien.giabinh');
    const doc = (await clerk.post('/incoming', pdfForm(await makeDraftPdf(), { ...meta, symbol: '300/SNV-XDCQ' }))).body;
    await clerk.post(`/documents/${doc.id}/submit`, { leaderId: leader.userId });
    const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await leader.post(`/documents/${doc.id}/direction`, { instruction: 'Xử lý gấp', lead: { userId: official.userId }, deadline });
    const deps = w.t.vanban.workflow;
    const far = await watchDeadlines(deps, new Date());
    expect(far.reminded + far.overdue).toBe(0);
    const dayBefore = new Date(new Date(deadline).getTime() - 2 * 3_600_000);
    expect(await watchDeadlines(deps, dayBefore)).toMatchObject({ reminded: 1, overdue: 0 });
    expect(await watchDeadlines(deps, dayBefore)).toMatchObject({ reminded: 0, overdue: 0 });
    const after = new Date(new Date(deadline).getTime() + 3_600_000);
    expect(await watchDeadlines(deps, after)).toMatchObject({ overdue: 1 });
    expect(await watchDeadlines(deps, after)).toMatchObject({ overdue: 0 });
    const due = (await notificationsOf(official.userId)).filter((n) => n.type === 'deadline:due').map((n) => n.payload.overdue);
    expect(due).toEqual([false, true]);
    expect((await notificationsOf(leader.userId)).filter((n) => n.type === 'deadline:due')).toHaveLength(1);
    const detail = (await clerk.get(`/documents/${doc.id}`)).body;
    expect(detail.assignments[0].overdue).toBe(true);
  });
});
