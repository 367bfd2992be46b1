import { randomUUID } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { EventPayloads, EventType } from '../../../server/contract/events';
import { DEMO_PIN } from '../../../server/seed/seed-demo-pki';
import { inTransaction } from '../../../server/shared/unit-of-work';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../helpers/test-server';
import { connectInbox, markerPayload, refusalOf, roundTrip, settle, signIn, type InboxClient } from './realtime-client';

async function draftForm(subject: string, recipients: string[]): Promise<FormData> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText(subject, { x: 60, y: 680, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  doc.getForm().createTextField('so_ky_hieu').addToPage(page, { x: 60, y: 735, width: 180, height: 18, borderWidth: 0 });
  doc.getForm().createTextField('ngay_ban_hanh').addToPage(page, { x: 300, y: 735, width: 250, height: 18, borderWidth: 0 });
  const form = new FormData();
  form.append('meta', JSON.stringify({ docType: 'QĐ', subject, recipients }));
  form.append('file', new Blob([new Uint8Array(await doc.save())], { type: 'application/pdf' }), 'du-thao.pdf');
  return form;
}

const ref = (subject: string) => ({ documentId: randomUUID(), subject, symbol: '12/UBND-VP' });

describe('realtime inbox: who receives what', () => {
  let t: TestServer;
  const open: InboxClient[] = [];
  beforeAll(async () => {
    t = await startTestServer({ VANBAN_DEMO: '1' });
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  afterAll(() => t.stop());

  const as = (username: string) => signIn(t.url, username, DEMO_PASSWORD);
  const connect = async (token: string, since?: number) => {
    const client = await connectInbox(t.url, token, { since });
    open.push(client);
    return client;
  };
  const notify = <T extends EventType>(userIds: string[], type: T, payload: EventPayloads[T]) =>
    inTransaction({ db: t.vanban.db, publisher: t.vanban.publisher }, (uow) => uow.notify(userIds, type, payload));
  /** Waits until everything pushed to these users' sockets so far has arrived (see `settle`). */
  const settleAll = (clients: InboxClient[], userIds: string[]) => settle(clients, () => notify([...new Set(userIds)], 'inbox:new', markerPayload()));

  it('refuses connections without a valid token, with a coded Vietnamese reason', async () => {
    const clerk = await as('vanthu.hienvan');
    expect(await refusalOf(t.url, '')).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Cần đăng nhập' });
    expect((await refusalOf(t.url, 'khong-phai-ma-that'))?.code).toBe('UNAUTHENTICATED');
    expect((await refusalOf(t.url, clerk.token!, 'abc'))?.code).toBe('INVALID_SINCE');
    expect((await refusalOf(t.url, clerk.token!, -1))?.code).toBe('INVALID_SINCE');

    const expired = await as('chuyenvien.hienvan');
    await t.vanban.db('sessions').where({ user_id: expired.userId }).update({ expires_at: new Date(Date.now() - 1000) });
    expect(await refusalOf(t.url, expired.token!)).toMatchObject({ code: 'TOKEN_EXPIRED', message: 'Phiên đăng nhập đã hết hạn' });

    const ok = await connect(clerk.token!);
    expect(ok.socket.connected).toBe(true);
  });

  it('disconnects the sockets of a session on logout, and only those', async () => {
    const leader = await as('lanhdao.xuanlai');
    const sameUserOtherSession = await as('lanhdao.xuanlai');
    const a = await connect(leader.token!);
    const b = await connect(leader.token!);
    const other = await connect(sameUserOtherSession.token!);
    expect((await leader.post('/auth/logout')).status).toBe(204);
    expect(await a.waitForDisconnect()).toBe('io server disconnect');
    expect(await b.waitForDisconnect()).toBe('io server disconnect');
    // Answered only by a socket the server still holds: the logout's disconnects have all happened by then.
    await roundTrip(other);
    expect(other.socket.connected).toBe(true);
    expect((await refusalOf(t.url, leader.token!))?.code).toBe('TOKEN_REVOKED');
  });

  it('disconnects a socket when its session expires', async () => {
    const official = await as('chuyenvien.daidong');
    await t.vanban.db('sessions').where({ user_id: official.userId }).update({ expires_at: new Date(Date.now() + 1200) });
    const client = await connect(official.token!);
    expect(client.socket.connected).toBe(true);
    expect(await client.waitForDisconnect(4000)).toBe('io server disconnect');
  });

  it('pushes a submission to the leader only, never to other roles or organisations', async () => {
    const clerk = await as('vanthu.hienvan');
    const leader = await as('lanhdao.hienvan');
    const leaderPhone = await as('lanhdao.hienvan');
    const bystanders = await Promise.all(['chuyenvien.hienvan', 'lanhdao.xuanlai', 'vanthu.xuanlai', 'lanhdao.tinh', 'quantri.tinh'].map(as));
    const [desk, phone, clerkSocket, ...others] = await Promise.all([leader, leaderPhone, clerk, ...bystanders].map((c) => connect(c.token!)));
    await desk.waitForUnread(0);

    const form = new FormData();
    const meta = { issuer: 'Ủy ban nhân dân tỉnh Bắc Ninh', symbol: '07/M-UBND', docType: 'CV', issuedDate: '2026-11-20', subject: 'Về công tác bảo vệ bí mật nhà nước', urgency: 'normal', secrecy: 'mat', pages: 1 };
    form.append('meta', JSON.stringify(meta));
    const created = await clerk.post('/incoming', form);
    expect(created.status).toBe(201);
    const submitted = await clerk.post(`/documents/${created.body.id}/submit`, { leaderId: leader.userId });
    expect(submitted.status).toBe(200);

    for (const screen of [desk, phone]) {
      const [event] = await screen.waitForEvents(1);
      expect(event).toMatchObject({ type: 'inbox:new', payload: { documentId: created.body.id, reason: 'submitted', subject: meta.subject } });
      expect(event.id).toBeGreaterThan(0);
      await screen.waitForUnread(1);
    }
    await settleAll([desk, phone, clerkSocket, ...others], [leader, clerk, ...bystanders].map((u) => u.userId));
    expect(desk.events).toHaveLength(1);
    expect(phone.events).toHaveLength(1);
    for (const c of [clerkSocket, ...others]) expect(c.events).toEqual([]);
  });

  it('issuing reaches the recipient clerks (inbox:new) and the sender side (one document:delivered each), nobody else', async () => {
    const names = ['chuyenvien.tinh', 'lanhdao.tinh', 'vanthu.tinh', 'vanthu.stc', 'vanthu.snv', 'lanhdao.stc', 'chuyenvien.snv', 'vanthu.daidong', 'lanhdao.bo'];
    const users = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await as(n)] as const)));
    const sockets = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await connect(users[n].token!)] as const)));
    const [official, leader, clerk] = [users['chuyenvien.tinh'], users['lanhdao.tinh'], users['vanthu.tinh']];
    const subject = 'Quyet dinh ve phong chong thien tai';
    const draft = await official.post('/outgoing', await draftForm(subject, ['000.00.05.H06', '000.00.09.H06']));
    expect(draft.status).toBe(201);
    expect((await official.post(`/documents/${draft.body.id}/submit`, { leaderId: leader.userId })).status).toBe(200);
    expect((await leader.post(`/documents/${draft.body.id}/sign`, { pin: DEMO_PIN, page: 1, rect: [360, 100, 180, 60] })).status).toBe(200);
    const before = Object.fromEntries(names.map((n) => [n, sockets[n].events.length]));
    const issued = await clerk.post(`/documents/${draft.body.id}/issue`);
    expect(issued.status).toBe(200);

    for (const recipient of ['vanthu.stc', 'vanthu.snv']) {
      const [event] = await sockets[recipient].waitForEvents(1);
      expect(event).toMatchObject({ type: 'inbox:new', payload: { reason: 'arrived', subject } });
      expect(event.payload.documentId).not.toBe(draft.body.id);
    }
    for (const watcher of ['chuyenvien.tinh', 'lanhdao.tinh', 'vanthu.tinh']) {
      const all = await sockets[watcher].waitForEvents(before[watcher] + 1);
      const reports = all.slice(before[watcher]).filter((e) => e.type === 'document:delivered');
      expect(reports).toHaveLength(1);
      expect((reports[0].payload as { deliveries: { orgCode: string }[] }).deliveries.map((d) => d.orgCode).sort()).toEqual(['000.00.05.H06', '000.00.09.H06']);
      expect(reports[0].payload).toMatchObject({ documentId: draft.body.id, status: '01', statusText: expect.any(String) });
    }
    await settleAll(Object.values(sockets), Object.values(users).map((u) => u.userId));
    expect(sockets['vanthu.stc'].events).toHaveLength(1);
    expect(sockets['vanthu.snv'].events).toHaveLength(1);
    for (const outsider of ['lanhdao.stc', 'chuyenvien.snv', 'vanthu.daidong', 'lanhdao.bo']) expect(sockets[outsider].events).toEqual([]);
  });

  it('delivers each event type to its addressees and nobody else', async () => {
    const people = await Promise.all(['vanthu.giabinh', 'lanhdao.giabinh', 'chuyenvien.giabinh', 'chuyenvien.tiendu'].map(as));
    const [clerk, leader, official, outsider] = await Promise.all(people.map((p) => connect(p.token!)));
    const [clerkId, leaderId, officialId] = people.map((p) => p.userId);
    await notify([clerkId], 'inbox:new', { ...ref('Công văn đến'), reason: 'arrived' });
    await notify([clerkId], 'document:status', { ...ref('Công văn đi'), deliveryId: randomUUID(), orgCode: '000.00.32.H06', orgName: 'UBND huyện Tiên Du', status: 'received', statusText: 'Đã nhận', reason: null });
    await notify([officialId], 'assignment:new', { ...ref('Giao việc'), assignmentId: randomUUID(), role: 'lead', deadline: null, instruction: 'Chủ trì tham mưu' });
    await notify([leaderId], 'assignment:updated', { ...ref('Giao việc'), assignmentId: randomUUID(), status: 'in_progress', percent: 50, note: null, overdue: false });
    await notify([officialId, leaderId], 'deadline:due', { ...ref('Giao việc'), assignmentId: randomUUID(), deadline: new Date().toISOString(), overdue: true });
    await notify([clerkId, officialId], 'document:recalled', { ...ref('Văn bản thu hồi'), reason: 'Sai thể thức' });

    expect((await clerk.waitForEvents(3)).map((e) => e.type)).toEqual(['inbox:new', 'document:status', 'document:recalled']);
    expect((await official.waitForEvents(3)).map((e) => e.type)).toEqual(['assignment:new', 'deadline:due', 'document:recalled']);
    expect((await leader.waitForEvents(2)).map((e) => e.type)).toEqual(['assignment:updated', 'deadline:due']);
    await clerk.waitForUnread(3);
    await settleAll([clerk, official, leader, outsider], people.map((p) => p.userId));
    expect([clerk.events.length, official.events.length, leader.events.length, outsider.events.length]).toEqual([3, 3, 2, 0]);
    for (const c of [clerk, official, leader]) {
      const ids = c.events.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('emits only after commit, and nothing for a rolled-back change', async () => {
    const official = await as('chuyenvien.xuanlai');
    const client = await connect(official.token!);
    await client.waitForUnread(0);
    // The publisher is the only way from a transaction to the sockets: record what it is handed while
    // the transaction is still open (held open until the test has looked).
    let open = true;
    const publishedWhileOpen: string[] = [];
    const unsubscribe = t.vanban.publisher.subscribe((batch) => {
      if (open) publishedWhileOpen.push(...batch.map((n) => n.type));
    });
    let notified!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => (notified = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    let committed = false;
    const slow = inTransaction({ db: t.vanban.db, publisher: t.vanban.publisher }, async (uow) => {
      await uow.notify([official.userId], 'inbox:new', { ...ref('Chờ cam kết'), reason: 'assigned' });
      notified();
      await released;
      committed = true;
    });
    await inside;
    expect(publishedWhileOpen).toEqual([]);
    expect(client.events).toEqual([]);
    open = false;
    release();
    await slow;
    unsubscribe();
    expect(committed).toBe(true);
    await client.waitForEvents(1);

    const failing = inTransaction({ db: t.vanban.db, publisher: t.vanban.publisher }, async (uow) => {
      await uow.notify([official.userId], 'inbox:new', { ...ref('Sẽ hủy'), reason: 'assigned' });
      throw new Error('đổi ý');
    });
    await expect(failing).rejects.toThrow('đổi ý');
    await notify([official.userId], 'inbox:new', { ...ref('Sau khi hủy'), reason: 'assigned' });
    await client.waitForEvents(2);
    const rows = await t.vanban.db('notifications').where({ user_id: official.userId }).orderBy('id');
    expect(rows.map((r) => r.payload.subject)).toEqual(['Chờ cam kết', 'Sau khi hủy']);
    await settleAll([client], [official.userId]);
    expect(client.events.map((e) => e.payload.subject)).toEqual(['Chờ cam kết', 'Sau khi hủy']);
  });

  it('marks notifications read and pushes the new count to every socket of the user', async () => {
    const leader = await as('lanhdao.daidong');
    const [desk, phone] = await Promise.all([connect(leader.token!), connect(leader.token!)]);
    await notify([leader.userId], 'inbox:new', { ...ref('Một'), reason: 'submitted' });
    await notify([leader.userId], 'inbox:new', { ...ref('Hai'), reason: 'submitted' });
    const events = await desk.waitForEvents(2);
    await phone.waitForUnread(2);
    const count = await new Promise<number>((resolve) => desk.socket.emit('read', { upToId: events[0].id }, ({ unread }) => resolve(unread)));
    expect(count).toBe(1);
    await phone.waitForUnread(1);
    desk.socket.emit('read', { upToId: events[1].id });
    await desk.waitForUnread(0);
    await phone.waitForUnread(0);
  });
});
