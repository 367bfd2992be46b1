import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { ApiRouter } from '../../../server/http/api-router';
import { createApp } from '../../../server/http/create-app';
import pino from 'pino';
import { createLogger, safeError } from '../../../server/shared/logger';
import { AppError } from '../../../server/shared/errors';
import { createTestDatabase } from '../../helpers/test-database';

// @embedded-engine: the engines word their errors differently, and neither may leak to a client.

/** A logger writing JSON lines into memory, built exactly like the server's. */
function capturingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines, text: () => lines.join('\n') };
}

describe('error responses and logs', () => {
  const log = capturingLogger();
  let server: http.Server;
  let url: string;
  const db = createTestDatabase();

  beforeAll(async () => {
    const database = await db;
    await database.db.raw('CREATE TABLE probe (id uuid PRIMARY KEY, password_hash text)');
    const api = new ApiRouter(async () => {
      throw new AppError('UNAUTHENTICATED', 'Chưa đăng nhập');
    });
    const route = (path: string, fail: () => unknown) =>
      api.add({ method: 'get', path, tag: 't', auth: false, summary: path, responses: { 200: { description: 'ok' } }, handler: async () => void (await fail()) });
    route('/enoent', () => {
      throw Object.assign(new Error("ENOENT: no such file or directory, open '/srv/vanban/data/secret.key'"), { code: 'ENOENT', path: '/srv/vanban/data/secret.key' });
    });
    route('/refused', () => {
      throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    });
    // A fault of ours (a missing table), not bad input (a data exception would be a 400): carries a secret parameter.
    route('/query', () => database.db.raw('SELECT * FROM missing_probe WHERE password_hash = ?', ['scrypt$SECRET-HASH-1234']));
    route('/coded', () => {
      throw new AppError('FORBIDDEN', 'Bạn không có quyền thực hiện thao tác này');
    });
    api.add({ method: 'get', path: '/valid', tag: 't', auth: false, summary: 'v', query: z.object({ n: z.coerce.number().int() }), responses: { 200: { description: 'ok' } }, handler: async () => undefined });
    const app = createApp({ api, logger: log.logger, version: 'test', isShuttingDown: () => false });
    server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await (await db).drop();
  });

  it.each(['/enoent', '/refused', '/query'])('answers a non-coded failure (%s) with a bare 500 and logs it with the request id', async (path) => {
    const res = await fetch(url + path);
    const text = await res.text();
    expect(res.status).toBe(500);
    const body = JSON.parse(text);
    expect(body.error.code).toBe('INTERNAL');
    expect(text).not.toMatch(/ENOENT|ECONNREFUSED|secret\.key|\/srv\/|10\.0\.0\.5|probe|SECRET/);
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error.requestId).toBe(requestId);
    const entry = log.lines.map((l) => JSON.parse(l)).find((e) => e.requestId === requestId && e.level >= 50);
    expect(entry).toBeDefined();
  });

  it('never writes query parameters (password hashes) into the log', async () => {
    await fetch(url + '/query');
    expect(log.text()).toMatch(/missing_probe/);
    expect(log.text()).not.toContain('SECRET-HASH-1234');
    // The hazard is real: the driver's error carries the parameters, and pino's stock serializer keeps them.
    const raw = await (await db).db.raw('SELECT * FROM missing_probe WHERE password_hash = ?', ['scrypt$SECRET-HASH-1234']).catch((e: unknown) => e);
    // (embedded mode: PGlite's errors carry `params`; pg's do not.)
    if ((await db).kind === 'pglite') expect(JSON.stringify(pino.stdSerializers.err(raw as Error))).toContain('SECRET-HASH-1234');
    expect(JSON.stringify(safeError(raw))).not.toContain('SECRET-HASH-1234');
  });

  it('shows coded errors as they are, and 4xx from the HTTP layer as coded 400s', async () => {
    const coded = await fetch(url + '/coded');
    expect(coded.status).toBe(403);
    expect((await coded.json()).error.code).toBe('FORBIDDEN');
    const badParam = await fetch(url + '/valid?n=abc');
    expect(badParam.status).toBe(400);
    const badEncoding = await fetch(url + '/%E0%A4%A');
    expect(badEncoding.status).toBeLessThan(500);
    const badJson = await fetch(url + '/coded', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect([badJson.status, (await badJson.json()).error.code]).toEqual([400, 'INVALID_JSON']);
    const charset = await fetch(url + '/coded', { method: 'POST', headers: { 'content-type': 'application/json; charset=klingon' }, body: '{}' });
    expect(charset.status).toBe(415);
  });
});
