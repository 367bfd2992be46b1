import { watchDeadlines } from '../../../server/assignments/deadline-watch';
import { inTransaction } from '../../../server/shared/unit-of-work';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { connectInbox, type InboxClient } from '../realtime/realtime-client';

/**
 * A leader who picks a person and also that person's own unit gives them one piece of work under
 * the stronger role: one inbox row, one realtime event (one toast), one deadline reminder.
 */
describe('one assignment, one inbox row and one toast per person', () => {
  let w: DemoWorld;
  const open: InboxClient[] = [];
  beforeAll(async () => {
    w = await startDemoWorld();
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  afterAll(() => w.t.stop());

  const incoming = async (slug: string, symbol: string) => {
    const clerk = await w.as(`vanthu.${slug}`);
    const leader = await w.as(`lanhdao.${slug}`);
    const doc = (await clerk.post('/incoming', pdfForm(await makeDraftPdf(), { issuer: 'Ủy ban nhân dân huyện Tiên Du', symbol, docType: 'CV', issuedDate: '2026-11-20', subject: `Về việc kiểm tra ${symbol}`, urgency: 'normal', secrecy: 'normal', pages: 1 }))).body;
    expect((await clerk.post(`/documents/${doc.id}/submit`, { leaderId: leader.userId })).status).toBe(200);
    return doc as { id: string };
  };
  const assignedRows = async (username: string, documentId: string) =>
    ((await (await w.as(username)).get('/inbox')).body.items as { section: string; document: { id: string }; assignment?: { role: string } }[]).filter((i) => i.section === 'assigned' && i.document.id === documentId);
  /** Events pushed to a socket up to a marker sent after the action: everything the action pushed has arrived by then. */
  const eventsUntilMarker = async (client: InboxClient, userId: string) => {
    const marker = { documentId: '00000000-0000-4000-8000-000000000001', subject: 'mốc kiểm tra', symbol: null, reason: 'arrived' as const };
    await inTransaction({ db: w.t.vanban.db, publisher: w.t.vanban.publisher }, (uow) => uow.notify([userId], 'inbox:new', marker));
    for (let n = 1; ; n++) {
      const events = await client.waitForEvents(n);
      if (events.at(-1)!.payload.subject === marker.subject) return events.slice(0, -1);
    }
  };

  it('person as lead and their unit as coordinator: the person keeps the lead, the unit the rest', async () => {
    const official = await w.as('chuyenvien.hienvan');
    const clerk = await w.as('vanthu.hienvan');
    const leader = await w.as('lanhdao.hienvan');
    const office = (await clerk.get(`/organizations/${ORG.communeHienVan}`)).body.units.find((u: { abbreviation: string }) => u.abbreviation === 'VP');
    const doc = await incoming('hienvan', '41/UBND-VP');
    const [officialSocket, clerkSocket] = await Promise.all([official, clerk].map((c) => connectInbox(w.t.url, c.token!)));
    open.push(officialSocket, clerkSocket);

    const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const directed = await leader.post(`/documents/${doc.id}/direction`, { instruction: 'Đồng chí Nam chủ trì, Văn phòng phối hợp', lead: { userId: official.userId }, coordinators: [{ unitId: office.id }], inform: [{ userId: official.userId }], deadline });
    expect(directed.status).toBe(200);

    const assignments = (await clerk.get(`/documents/${doc.id}`)).body.assignments as { role: string; assigneeUserId: string | null }[];
    expect(assignments.map((a) => `${a.role}:${a.assigneeUserId ?? 'unit'}`).sort()).toEqual(['coordinate:unit', `lead:${official.userId}`]);
    // The official sits in the office too, yet sees one row: the stronger lead.
    expect((await assignedRows('chuyenvien.hienvan', doc.id)).map((i) => i.assignment!.role)).toEqual(['lead']);
    expect((await assignedRows('vanthu.hienvan', doc.id)).map((i) => i.assignment!.role)).toEqual(['coordinate']);

    const officialEvents = await eventsUntilMarker(officialSocket, official.userId);
    expect(officialEvents.map((e) => [e.type, (e.payload as { role?: string }).role])).toEqual([['assignment:new', 'lead']]);
    const clerkEvents = await eventsUntilMarker(clerkSocket, clerk.userId);
    expect(clerkEvents.map((e) => [e.type, (e.payload as { role?: string }).role])).toEqual([['assignment:new', 'coordinate']]);

    // A day before the deadline each of them is reminded once, not once per assignment row.
    await watchDeadlines(w.t.vanban.workflow, new Date(new Date(deadline).getTime() - 2 * 3_600_000));
    const reminders = await w.t.database.db('notifications').where({ type: 'deadline:due' }).whereRaw("payload->>'documentId' = ?", [doc.id]).select('user_id');
    expect(reminders.map((r) => r.user_id).sort()).toEqual([official.userId, clerk.userId].sort());
  });

  it('unit as lead and one of its people as coordinator: one assignment, the unit’s lead covers them', async () => {
    const official = await w.as('chuyenvien.xuanlai');
    const clerk = await w.as('vanthu.xuanlai');
    const leader = await w.as('lanhdao.xuanlai');
    const office = (await clerk.get(`/organizations/${ORG.communeXuanLai}`)).body.units.find((u: { abbreviation: string }) => u.abbreviation === 'VP');
    const doc = await incoming('xuanlai', '42/UBND-VP');
    const officialSocket = await connectInbox(w.t.url, official.token!);
    open.push(officialSocket);

    const directed = await leader.post(`/documents/${doc.id}/direction`, { instruction: 'Văn phòng chủ trì', lead: { unitId: office.id }, coordinators: [{ userId: official.userId }], inform: [{ userId: clerk.userId }] });
    expect(directed.status).toBe(200);
    const assignments = (await clerk.get(`/documents/${doc.id}`)).body.assignments as { role: string; assigneeUserId: string | null }[];
    expect(assignments.map((a) => `${a.role}:${a.assigneeUserId ?? 'unit'}`)).toEqual(['lead:unit']);
    expect((await assignedRows('chuyenvien.xuanlai', doc.id)).map((i) => i.assignment!.role)).toEqual(['lead']);
    expect((await assignedRows('vanthu.xuanlai', doc.id)).map((i) => i.assignment!.role)).toEqual(['lead']);
    const events = await eventsUntilMarker(officialSocket, official.userId);
    expect(events.map((e) => [e.type, (e.payload as { role?: string }).role])).toEqual([['assignment:new', 'lead']]);
  });
});
