import * as passwordModule from '../../../server/users/password';
import { ApiClient } from '../../helpers/api-client';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../../helpers/test-server';

const login = (t: TestServer, username: string, password: string, headers: Record<string, string> = {}) =>
  new ApiClient(t.url).post('/auth/login', { username, password }, headers);

const realVerify = passwordModule.verifyPassword;

describe('login throttling', () => {
  describe('behind no configured proxy', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer({ VANBAN_KDF_LOG_N: '14' });
    });
    afterAll(() => t.stop());

    it('checks at most the allowed number of passwords, however many arrive at once', async () => {
      const attempts = [...Array.from({ length: 29 }, () => 'wrong-password'), ADMIN_PASSWORD];
      const results = await Promise.all(attempts.map((p) => login(t, 'admin', p)));
      const checked = results.filter((r) => r.status === 401 || r.status === 200).length;
      expect(checked).toBeLessThanOrEqual(5);
      expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(25);
      expect(results.every((r) => [200, 401, 429].includes(r.status))).toBe(true);
      expect(results.find((r) => r.status === 429)?.body.error.code).toBe('LOGIN_THROTTLED');
    });

    it('ignores X-Forwarded-For from a client when no proxy is trusted', async () => {
      const results = [];
      for (let i = 0; i < 8; i++) results.push(await login(t, 'nobody', 'x', { 'x-forwarded-for': `203.0.113.${i}` }));
      expect(results.slice(5).every((r) => r.status === 429)).toBe(true);
    });

    it('spends the same work on unknown users as on known ones', async () => {
      // Counted, not timed: the same scrypt, with the same cost, salt length and key length, runs for
      // an unknown name as for a known one (the finding was a cheap fixed dummy: unknown 6× faster).
      const params = (hash: string) => {
        const [scheme, logN, r, p, salt, key] = hash.split('$');
        return { scheme, logN, r, p, salt: Buffer.from(salt, 'base64').length, key: Buffer.from(key, 'base64').length };
      };
      const admin = await t.database.db('users').where({ username: 'admin' }).first();
      const checked: string[] = [];
      const spy = jest.spyOn(passwordModule, 'verifyPassword').mockImplementation(async (password, stored) => {
        checked.push(stored);
        return realVerify(password, stored);
      });
      try {
        for (const username of ['admin', 'khong-ton-tai-1', 'khong-ton-tai-2']) {
          await t.database.db('login_throttle').delete();
          expect((await login(t, username, 'not-the-password')).status).toBe(401);
        }
      } finally {
        spy.mockRestore();
      }
      expect(checked).toHaveLength(3);
      expect(checked[0]).toBe(admin.password_hash);
      for (const stored of checked.slice(1)) {
        expect(stored).not.toBe(admin.password_hash);
        expect(params(stored)).toEqual({ ...params(admin.password_hash), scheme: 'scrypt', logN: '14' });
      }
    });
  });

  describe('behind a trusted proxy', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer({ VANBAN_TRUST_PROXY: 'loopback' });
    });
    afterAll(() => t.stop());

    it('does not let a stranger lock the real user out from elsewhere', async () => {
      for (let i = 0; i < 12; i++) await login(t, 'admin', 'guess', { 'x-forwarded-for': '198.51.100.7' });
      expect((await login(t, 'admin', ADMIN_PASSWORD, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);
      expect((await login(t, 'admin', ADMIN_PASSWORD, { 'x-forwarded-for': '192.0.2.44' })).status).toBe(200);
    });

    it('throttles one address trying many usernames', async () => {
      const results = [];
      for (let i = 0; i < 60; i++) results.push(await login(t, `user${i}`, 'guess', { 'x-forwarded-for': '198.51.100.99' }));
      expect(results.at(-1)!.status).toBe(429);
      expect((await login(t, 'admin', ADMIN_PASSWORD, { 'x-forwarded-for': '192.0.2.45' })).status).toBe(200);
    });
  });
});
