import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAdapter } from '@socket.io/redis-adapter';
import knex from 'knex';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { insertNotifications } from '../../../server/realtime/notifications.repository';
import { ADMIN_PASSWORD, DEMO_PASSWORD } from '../../helpers/test-server';
import { ensureBuilt, freshPostgres, startInstance, type Instance } from './instances';
import { connectInbox, markerPayload, settle, signIn, type InboxClient } from './realtime-client';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A third member of the instances' Redis fan-out, run by the test, for "nothing else arrives" without
 * sleeping: it commits marker notifications to the shared database and announces the batch on the
 * Socket.IO Redis adapter exactly as an instance does after its commit. Redis hands every instance
 * the messages of a channel in publish order and a socket receives its events in order, so a client
 * holding the marker has received whatever was announced before it (see `settle`).
 */
async function markerPeer(databaseUrl: string) {
  const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  const pub = createClient({ url: REDIS_URL });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  const io = new Server();
  io.adapter(createAdapter(pub, sub));
  return {
    send: async (userIds: string[]) => {
      const batch = await db.transaction((trx) => insertNotifications(trx, userIds, 'inbox:new', markerPayload()));
      io.serverSideEmit('vanban:notifications', batch);
    },
    close: async () => {
      // Not io.close(): this server has no engine (it never listens), only its namespace's adapter.
      await io.of('/').adapter.close();
      await Promise.allSettled([pub.close(), sub.close()]);
      await db.destroy();
    },
  };
}

/**
 * Two server processes on loopback sharing one PostgreSQL database and one Redis: a change made
 * through instance B reaches the sockets connected to instance A, once.
 */
describe('realtime inbox across two instances (PostgreSQL + Redis)', () => {
  let database: Awaited<ReturnType<typeof freshPostgres>>;
  let dataDir: string;
  let a: Instance;
  let b: Instance;
  let peer: Awaited<ReturnType<typeof markerPeer>>;
  const open: InboxClient[] = [];

  beforeAll(async () => {
    ensureBuilt();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    expect(await redis.ping()).toBe('PONG');
    await redis.close();
    database = await freshPostgres();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-rt-'));
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      VANBAN_DEMO: '1',
      VANBAN_DEMO_PASSWORD: DEMO_PASSWORD,
      VANBAN_ADMIN_PASSWORD: ADMIN_PASSWORD,
      VANBAN_KDF_LOG_N: '10',
      VANBAN_DATA_DIR: dataDir,
    };
    // One after the other: the first migrates and seeds the shared database.
    a = await startInstance(env);
    b = await startInstance(env);
    peer = await markerPeer(database.url);
  }, 240_000);
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  afterAll(async () => {
    await peer?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const connect = async (instance: Instance, token: string, since?: number) => {
    const client = await connectInbox(instance.url, token, { since });
    open.push(client);
    return client;
  };

  async function submitToLeader(via: Instance, clerkName: string, leaderId: string, subject: string): Promise<string> {
    const clerk = await signIn(via.url, clerkName, DEMO_PASSWORD);
    const form = new FormData();
    form.append('meta', JSON.stringify({ issuer: 'Bộ Nội vụ', symbol: `${Math.floor(Math.random() * 900) + 100}/BNV-M`, docType: 'CV', issuedDate: '2026-11-20', subject, urgency: 'normal', secrecy: 'mat', pages: 1 }));
    const created = await clerk.post('/incoming', form);
    expect(created.status).toBe(201);
    expect((await clerk.post(`/documents/${created.body.id}/submit`, { leaderId })).status).toBe(200);
    return created.body.id as string;
  }

  it('delivers a change made through one instance to the right sockets on both, exactly once', async () => {
    const leader = await signIn(a.url, 'lanhdao.hienvan', DEMO_PASSWORD);
    const leaderPhone = await signIn(b.url, 'lanhdao.hienvan', DEMO_PASSWORD);
    const desk = await connect(a, leader.token!);
    const phone = await connect(b, leaderPhone.token!);
    const bystanderUsers = await Promise.all(
      ([
        [a, 'vanthu.hienvan'],
        [b, 'chuyenvien.hienvan'],
        [a, 'lanhdao.xuanlai'],
        [b, 'lanhdao.tinh'],
      ] as const).map(async ([instance, name]) => ({ instance, user: await signIn(instance.url, name, DEMO_PASSWORD) })),
    );
    const bystanders = await Promise.all(bystanderUsers.map(({ instance, user }) => connect(instance, user.token!)));
    await desk.waitForUnread(0);

    const documentId = await submitToLeader(b, 'vanthu.hienvan', leader.userId, 'Về việc triển khai hai máy chủ');
    for (const screen of [desk, phone]) {
      const [event] = await screen.waitForEvents(1);
      expect(event).toMatchObject({ type: 'inbox:new', payload: { documentId, reason: 'submitted' } });
      await screen.waitForUnread(1);
    }
    expect(desk.events[0].id).toBe(phone.events[0].id);
    // Every socket, the bystanders' included, receives a marker announced after the change: a second
    // copy of the event, or one sent to the wrong user, would have arrived before it.
    await settle([desk, phone, ...bystanders], () => peer.send([leader.userId, ...bystanderUsers.map(({ user }) => user.userId)]));
    expect([desk.events.length, phone.events.length]).toEqual([1, 1]);
    for (const c of bystanders) expect(c.events).toEqual([]);
  });

  it('replays on instance A what was committed through instance B while the client was away', async () => {
    const leader = await signIn(a.url, 'lanhdao.xuanlai', DEMO_PASSWORD);
    const first = await connect(a, leader.token!);
    await submitToLeader(b, 'vanthu.xuanlai', leader.userId, 'Văn bản một');
    await first.waitForEvents(1);
    first.close();
    await submitToLeader(b, 'vanthu.xuanlai', leader.userId, 'Văn bản hai');
    await submitToLeader(a, 'vanthu.xuanlai', leader.userId, 'Văn bản ba');
    const back = await connect(a, leader.token!, first.lastId);
    await back.waitForEvents(2);
    await submitToLeader(b, 'vanthu.xuanlai', leader.userId, 'Văn bản bốn');
    await back.waitForEvents(3);
    await settle([back], () => peer.send([leader.userId]));
    expect(back.events.map((e) => e.payload.subject)).toEqual(['Văn bản hai', 'Văn bản ba', 'Văn bản bốn']);
  });

  it('logging out through one instance disconnects that session on the other', async () => {
    const official = await signIn(b.url, 'chuyenvien.tinh', DEMO_PASSWORD);
    const onA = await connect(a, official.token!);
    const onB = await connect(b, official.token!);
    expect((await official.post('/auth/logout')).status).toBe(204);
    expect(await onA.waitForDisconnect()).toBe('io server disconnect');
    expect(await onB.waitForDisconnect()).toBe('io server disconnect');
  });
});
