import pino from 'pino';
import { findEndedSessions, startRevocationSweep, watchExpiry } from '../../../server/realtime/session-watch';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../helpers/test-server';
import { poll, signIn } from './realtime-client';

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
    // A sweep asks for the connected sessions when it starts, and sweeps never overlap: by the
    // (n+1)th question, n whole sweeps are done. Counting them replaces guessing how long they take.
    let sweepsStarted = 0;
    const connectedSessions = () => {
      sweepsStarted += 1;
      return [live, revoked, live];
    };
    const sweepsDone = (n: number) => poll(() => sweepsStarted > n, 30_000, () => `${n} sweeps (started ${sweepsStarted})`);
    const stop = startRevocationSweep({ db: t.vanban.db, everyMs: 50, connectedSessions, disconnect: (id) => disconnected.push(id), logger: pino({ level: 'silent' }) });
    await sweepsDone(2);
    expect(disconnected).toEqual([]);
    await t.vanban.db('sessions').where({ id: revoked }).update({ revoked_at: new Date() });
    // The sweep under way may have read the sessions before the update; the next one starts after it.
    await sweepsDone(sweepsStarted + 1);
    stop();
    expect(disconnected.length).toBeGreaterThan(0);
    expect(new Set(disconnected)).toEqual(new Set([revoked]));
  });

  it('fires at expiry, not before, and at once for a session already expired', () => {
    // Injected clock (jest's fake timers): the test cannot pass or fail by how busy the machine is.
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    try {
      let fired = 0;
      watchExpiry(new Date(Date.now() + 80), () => fired++);
      jest.advanceTimersByTime(79);
      expect(fired).toBe(0);
      jest.advanceTimersByTime(1);
      expect(fired).toBe(1);

      let late = 0;
      watchExpiry(new Date(Date.now() - 1), () => late++);
      jest.advanceTimersByTime(0);
      expect(late).toBe(1);

      // Past setTimeout's limit (2^31-1 ms) a naive timer would fire at once; this one re-arms until the day comes.
      const farOff = new Date(Date.now() + 2 ** 31 + 10_000);
      let farFired = 0;
      const cancel = watchExpiry(farOff, () => farFired++);
      jest.advanceTimersByTime(2 ** 31 - 1);
      expect(farFired).toBe(0);
      jest.advanceTimersByTime(10_000);
      expect(farFired).toBe(0);
      jest.advanceTimersByTime(2);
      expect(farFired).toBe(1);
      cancel();
    } finally {
      jest.useRealTimers();
    }
  });
});
