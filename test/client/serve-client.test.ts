import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { serveClient } from '../../server/http/serve-client';

describe('serveClient', () => {
  let dir: string;
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-dist-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'assets', 'worker-1.mjs'), 'export {}');
    const app = express();
    serveClient(app, dir);
    app.use('/api', (_req, res) => void res.status(404).json({ error: { code: 'NOT_FOUND', message: 'Không tìm thấy' } }));
    app.use((_req, res) => void res.status(404).send('nothing'));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const html = (p: string) => fetch(url + p, { headers: { accept: 'text/html' } });

  it('serves index.html at / and for deep links, never cached', async () => {
    for (const p of ['/', '/van-ban/0b7c1c9e-1111-4222-8333-944445555666', '/so-van-ban']) {
      const res = await html(p);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('id="root"');
      expect(res.headers.get('cache-control')).toMatch(/no-cache/);
    }
  });

  it('serves hashed assets with a long cache and a JavaScript type for .mjs (the pdf.js worker)', async () => {
    const js = await fetch(`${url}/assets/app-1234.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
    const mjs = await fetch(`${url}/assets/worker-1.mjs`);
    expect(mjs.headers.get('content-type')).toMatch(/javascript/);
  });

  it('leaves /api and /socket.io alone, and a missing asset is a 404, not index.html', async () => {
    const api = await html('/api/v1/nothing');
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await html('/socket.io/?EIO=4')).status).toBe(404);
    expect((await html('/api')).status).toBe(404);
    const missing = await html('/assets/old-hash.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('nothing');
    expect((await fetch(`${url}/van-ban/x`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${url}/so-van-ban`, { headers: { accept: 'application/json' } })).status).toBe(404);
  });
});
