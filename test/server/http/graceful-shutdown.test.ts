import http from 'node:http';
import { ApiClient } from '../../helpers/api-client';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../../helpers/test-server';

async function waitUntil(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  for (const until = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Sends a JSON body in slow pieces so the request is still in flight when shutdown begins. */
function slowPost(url: string, path: string, token: string, body: object, onStarted: () => Promise<void>): Promise<{ status: number; body: string }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': payload.length, authorization: `Bearer ${token}` },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.write(payload.subarray(0, 10));
    // The rest of the body goes only once the caller says so (the server is shutting down by then).
    onStarted().then(() => req.end(payload.subarray(10)), reject);
  });
}

describe('graceful shutdown', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('lets in-flight requests finish and commit, then refuses new connections', async () => {
    const admin = await new ApiClient(t.url).login('admin', ADMIN_PASSWORD);
    let stopped: Promise<void> = Promise.resolve();
    // The server has parsed the request's headers (and waits for its body) once this fires.
    const arrived = new Promise<void>((resolve) => t.vanban.server.once('request', () => resolve()));
    const inFlight = slowPost(t.url, '/organizations', admin.token!, { code: '000.00.00.H77', name: 'Tỉnh Đang Tạo', abbreviation: 'UBND', level: 'province' }, async () => {
      // Half the body is on the wire; shut down, and finish the request only once the server has
      // stopped listening, so it is in flight during the shutdown whatever the machine's speed.
      await arrived;
      stopped = t.vanban.stop();
      await waitUntil(() => !t.vanban.server.listening, 'the server to stop listening');
    });
    const res = await inFlight;
    expect(res.status).toBe(201);
    await stopped;
    const row = await t.database.db('organizations').where({ code: '000.00.00.H77' }).first();
    expect(row?.name).toBe('Tỉnh Đang Tạo');
    await expect(fetch(`${t.url}/api/v1/health`)).rejects.toThrow();
  });
});

describe('keep-alive connections', () => {
  it('are kept longer than a reverse proxy keeps its idle ones, yet an idle one does not hold up the stop', async () => {
    const t = await startTestServer();
    const agent = new http.Agent({ keepAlive: true });
    try {
      const hint = await new Promise<string | undefined>((resolve, reject) => {
        http.get(`${t.url}/api/v1/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.headers['keep-alive'])));
        }).on('error', reject);
      });
      expect(hint).toBe('timeout=65');
      // The socket now sits idle in the agent's pool: stopping closes it instead of waiting 65 s.
      await waitUntil(() => Object.values(agent.freeSockets).flat().length === 1, 'the idle socket in the pool');
      await t.stop();
    } finally {
      agent.destroy();
    }
  }, 30_000);
});
