import pino from 'pino';
import { findEndedSessions, startRevocationSweep, watchExpiry } from '../../../server/realtime/session-watch';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../helpers/test-server';
import { signIn, sleep } from './realtime-client';

describe('session watch', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ VANBAN_DEMO: '1' });
  });
  afterAll(() => t.stop());

  const sessionOf = async (username: string) => {
    const client = await signIn(t.url, username, DEMO_PASSWORD);
    const row = await t.vanban.db('sessions').where({ user_id: client.userId }).orderBy('created_at', 'desc').first();
    return row.id as string;
  };

  it('finds revoked, expired and unknown sessions, not live ones', async () => {
    const [live, revoked, expired] = await Promise.all(['vanthu.tinh', 'lanhdao.tinh', 'chuyenvien.tinh'].map(sessionOf));
    await t.vanban.db('sessions').where({ id: revoked }).update({ revoked_at: new Date() });
    await t.vanban.db('sessions').where({ id: expired }).update({ expires_at: new Date(Date.now() - 1000) });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await findEndedSessions(t.vanban.db, [live, revoked, expired, unknown])).sort()).toEqual([revoked, expired, unknown].sort());
  });

  it('sweeps: disconnects sessions revoked other than by logout', async () => {
    const [live, revoked] = await Promise.all(['vanthu.stc', 'lanhdao.stc'].map(sessionOf));
    const disconnected: string[] = [];
    const stop = startRevocationSweep({ db: t.vanban.db, everyMs: 50, connectedSessions: () => [live, revoked, live], disconnect: (id) => disconnected.push(id), logger: pino({ level: 'silent' }) });
    await sleep(150);
    expect(disconnected).toEqual([]);
    await t.vanban.db('sessions').where({ id: revoked }).update({ revoked_at: new Date() });
    await sleep(200);
    stop();
    expect(disconnected.length).toBeGreaterThan(0);
    expect(new Set(disconnected)).toEqual(new Set([revoked]));
  });

  it('fires at expiry, not before, and at once for a session already expired', async () => {
    let fired = 0;
    watchExpiry(new Date(Date.now() + 80), () => fired++);
    await sleep(30);
    expect(fired).toBe(0);
    await sleep(120);
    expect(fired).toBe(1);

    const farOff = new Date(2 ** 31 + 10_000);
    let farFired = 0;
    // Past setTimeout's limit a naive timer would fire immediately.
    const cancel = watchExpiry(farOff, () => farFired++, () => 0);
    await sleep(20);
    expect(farFired).toBe(0);
    cancel();
    watchExpiry(farOff, () => farFired++, () => farOff.getTime());
    expect(farFired).toBe(1);
  });
});
