import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { startVanban, type Vanban } from '../../../server/composition';
import { LocalPublisher } from '../../../server/realtime/publisher';
import { inTransaction } from '../../../server/shared/unit-of-work';
import { DEMO_PASSWORD, startTestServer, testConfig, type TestServer } from '../../helpers/test-server';
import { MARKER_SUBJECT, connectInbox, markerPayload, roundTrip, settle, signIn, type InboxClient } from './realtime-client';

describe('realtime inbox: nothing lost, nothing twice', () => {
  let t: TestServer;
  let restarted: Vanban | null = null;
  const open: InboxClient[] = [];
  beforeAll(async () => {
    t = await startTestServer({ VANBAN_DEMO: '1' });
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  afterAll(async () => {
    await restarted?.stop();
    await t.stop();
  });

  const as = (username: string) => signIn(t.url, username, DEMO_PASSWORD);
  const connect = async (token: string, opts: Parameters<typeof connectInbox>[2] = {}, url = t.url) => {
    const client = await connectInbox(url, token, opts);
    open.push(client);
    return client;
  };
  const notifyVia = (publisher: LocalPublisher, userId: string, subject: string) =>
    inTransaction({ db: t.vanban.db, publisher }, (uow) => uow.notify([userId], 'inbox:new', { documentId: randomUUID(), subject, symbol: null, reason: 'arrived' }));
  const notify = (userId: string, subject: string) => notifyVia(t.vanban.publisher, userId, subject);
  /** Waits until everything pushed to the user's socket so far has arrived (see `settle`). */
  const settleFor = (client: InboxClient, userId: string, publisher = t.vanban.publisher, db = t.vanban.db) =>
    settle([client], () => inTransaction({ db, publisher }, (uow) => uow.notify([userId], 'inbox:new', markerPayload())));
  // Markers of earlier settles are stored notifications too: a later replay from 0 sends them again.
  const subjects = (c: InboxClient) => c.events.map((e) => e.payload.subject).filter((subject) => subject !== MARKER_SUBJECT);
  const expectStrictlyIncreasing = (c: InboxClient) => {
    const ids = c.events.map((e) => e.id);
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]);
  };

  it('replays what a client missed while away, in order, before new events', async () => {
    const clerk = await as('vanthu.hienvan');
    const first = await connect(clerk.token!);
    await notify(clerk.userId, 'a');
    await notify(clerk.userId, 'b');
    await first.waitForEvents(2);
    const since = first.lastId;
    first.close();
    for (const s of ['c', 'd', 'e']) await notify(clerk.userId, s);

    const back = await connect(clerk.token!, { since });
    await back.waitForEvents(3);
    await notify(clerk.userId, 'f');
    await back.waitForEvents(4);
    await settleFor(back, clerk.userId);
    expect(subjects(back)).toEqual(['c', 'd', 'e', 'f']);
    expectStrictlyIncreasing(back);
  });

  it('recovers from a dropped transport by itself, resuming from the last event', async () => {
    const leader = await as('lanhdao.hienvan');
    const client = await connect(leader.token!, { reconnection: true });
    await notify(leader.userId, 'trước');
    await client.waitForEvents(1);
    // Drop the connection under the client's feet, then commit while it is away.
    const [server] = await t.vanban.realtime.io.in(`user:${leader.userId}`).fetchSockets();
    const raw = t.vanban.realtime.io.of('/').sockets.get(server.id)!;
    raw.conn.close();
    await notify(leader.userId, 'trong lúc mất kết nối 1');
    await notify(leader.userId, 'trong lúc mất kết nối 2');
    await client.waitForEvents(3);
    await notify(leader.userId, 'sau');
    await client.waitForEvents(4);
    await settleFor(client, leader.userId);
    expect(client.disconnects).toEqual(['transport close']);
    expect(subjects(client)).toEqual(['trước', 'trong lúc mất kết nối 1', 'trong lúc mất kết nối 2', 'sau']);
  });

  it('does not duplicate or reorder live events that race the replay', async () => {
    const official = await as('chuyenvien.hienvan');
    // 1,500 missed events take two replay pages; live ones commit while those pages are read.
    await t.vanban.db('notifications').insert(
      Array.from({ length: 1500 }, (_, i) => ({ user_id: official.userId, type: 'inbox:new', payload: JSON.stringify({ documentId: randomUUID(), subject: `cũ ${i}`, symbol: null, reason: 'arrived' }) })),
    );
    const before = Array.from({ length: 20 }, (_, i) => notify(official.userId, `trước ${i}`));
    const client = await connect(official.token!, { since: 0 });
    const live = Array.from({ length: 40 }, (_, i) => notify(official.userId, `mới ${i}`));
    await Promise.all([...before, ...live]);
    await client.waitForEvents(1560, 20_000);
    const stored = await t.vanban.db('notifications').where({ user_id: official.userId }).orderBy('id').pluck('id');
    await settleFor(client, official.userId);
    expect(client.events).toHaveLength(1560);
    expectStrictlyIncreasing(client);
    expect(client.events.map((e) => e.id)).toEqual(stored.map(Number));
  });

  it('never sends again what a session acknowledged, even when it asks from too far back', async () => {
    const clerk = await as('vanthu.xuanlai');
    const acking = await connect(clerk.token!);
    for (const s of ['1', '2', '3']) await notify(clerk.userId, s);
    await acking.waitForEvents(3);
    // Its acknowledgements went out before this; the answer means the server has recorded them.
    await roundTrip(acking);
    acking.close();
    await notify(clerk.userId, '4');
    const again = await connect(clerk.token!, { since: 0 });
    await again.waitForEvents(1);
    await settleFor(again, clerk.userId);
    expect(subjects(again)).toEqual(['4']);

    // A session that did not acknowledge gets everything after its `since` again.
    const silentSession = await as('vanthu.xuanlai');
    const silent = await connect(silentSession.token!, { since: 0, ack: false });
    await silent.waitForEvents(4);
    silent.close();
    const retry = await connect(silentSession.token!, { since: 0 });
    await retry.waitForEvents(4);
    expect(subjects(retry)).toEqual(['1', '2', '3', '4']);
  });

  it('replays across a server restart: the client reconnects by itself and gets what was committed meanwhile', async () => {
    const leader = await as('lanhdao.xuanlai');
    const { port } = t.vanban.server.address() as AddressInfo;
    const client = await connect(leader.token!, { reconnection: true });
    await notify(leader.userId, 'trước khi dừng');
    await client.waitForEvents(1);

    await t.vanban.stop();
    await client.waitForDisconnect();
    // Another instance (or a job) keeps committing while this one is down.
    await notifyVia(new LocalPublisher(), leader.userId, 'khi máy chủ dừng 1');
    await notifyVia(new LocalPublisher(), leader.userId, 'khi máy chủ dừng 2');

    restarted = await startVanban(testConfig(t.dataDir, { VANBAN_DEMO: '1', PORT: String(port) }), { db: t.vanban.db, logger: pino({ level: 'silent' }) });
    // The client's own reconnection finds the restarted server; slow on a busy machine, never skipped.
    await client.waitForEvents(3, 30_000);
    await inTransaction({ db: restarted.db, publisher: restarted.publisher }, (uow) =>
      uow.notify([leader.userId], 'inbox:new', { documentId: randomUUID(), subject: 'sau khi chạy lại', symbol: null, reason: 'arrived' }),
    );
    await client.waitForEvents(4);
    await settleFor(client, leader.userId, restarted.publisher, restarted.db);
    expect(client.disconnects).toEqual(['transport close']);
    expect(subjects(client)).toEqual(['trước khi dừng', 'khi máy chủ dừng 1', 'khi máy chủ dừng 2', 'sau khi chạy lại']);
    expectStrictlyIncreasing(client);
  });
});
