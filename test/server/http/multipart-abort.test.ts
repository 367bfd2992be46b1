import fs from 'node:fs';
import path from 'node:path';
import { startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { multipartHead, rawRequest } from '../../helpers/raw-http';

// Every route that reads multipart, with the name of its file part.
const uploadRoutes = (userId: string) => [
  { path: '/api/v1/incoming', part: 'file' },
  { path: '/api/v1/outgoing', part: 'file' },
  { path: `/api/v1/users/${userId}/signature-image`, part: 'image' },
  { path: `/api/v1/users/${userId}/certificate`, part: 'p12' },
];

describe('multipart requests cut off or malformed', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
  });
  afterAll(() => w.t.stop());

  const healthy = async () => (await fetch(`${w.t.url}/api/v1/health`)).status;

  it('survives a body that stops mid-part on every upload route, answering 400', async () => {
    const clerk = await w.as('vanthu.hienvan');
    for (const route of uploadRoutes(clerk.userId)) {
      const body = `--XyZ\r\nContent-Disposition: form-data; name="${route.part}"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 partial`;
      // Content-Length matches: the form simply ends without its closing boundary.
      const res = await rawRequest(w.t.url, multipartHead(route.path, clerk.token!, 'multipart/form-data; boundary=XyZ', Buffer.byteLength(body)), body);
      expect([400, 403]).toContain(res.status);
      expect(await healthy()).toBe(200);
    }
  });

  it('survives a connection dropped before the announced length arrived', async () => {
    const clerk = await w.as('vanthu.hienvan');
    for (const route of uploadRoutes(clerk.userId)) {
      const body = `--XyZ\r\nContent-Disposition: form-data; name="${route.part}"; filename="a.pdf"\r\n\r\n%PDF-1.7 `;
      await rawRequest(w.t.url, multipartHead(route.path, clerk.token!, 'multipart/form-data; boundary=XyZ', 100_000), body, { destroyAfterMs: 150 });
      expect(await healthy()).toBe(200);
    }
    // Nothing half-written stays behind: no document, no temp file still open or left over.
    expect(Number((await w.t.database.db('documents').count({ n: '*' }))[0].n)).toBe(0);
    const tempDir = path.join(w.t.dataDir, 'blobs', '.tmp');
    for (let i = 0; i < 50 && fs.readdirSync(tempDir).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(fs.readdirSync(tempDir)).toEqual([]);
  });

  it('answers multipart without a boundary with a coded 400, not a 500', async () => {
    const clerk = await w.as('vanthu.hienvan');
    for (const route of uploadRoutes(clerk.userId)) {
      const body = 'hello';
      const res = await rawRequest(w.t.url, multipartHead(route.path, clerk.token!, 'multipart/form-data', body.length), body);
      expect(res.status).toBe(400);
      expect(res.text).toContain('"code":"INVALID_MULTIPART"');
    }
    expect(await healthy()).toBe(200);
  });

  it('answers a garbage preamble and a header-only part with 400', async () => {
    const clerk = await w.as('vanthu.hienvan');
    for (const route of uploadRoutes(clerk.userId)) {
      for (const body of ['\u0000\u0001garbage--XyZ--', `--XyZ\r\nContent-Disposition: form-data; name="${route.part}"\r\n`]) {
        const res = await rawRequest(w.t.url, multipartHead(route.path, clerk.token!, 'multipart/form-data; boundary=XyZ', Buffer.byteLength(body)), body);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
    }
    expect(await healthy()).toBe(200);
  });
});
