import { timingSafeEqual, createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { AxisStore, type AxisSystem } from './axis-store';

export interface AxisSimulatorOptions {
  dataDir: string;
  port?: number;
  host?: string;
  /** Systems to register at start (kept in `systems.json` with the others). */
  systems?: AxisSystem[];
  maxBodyBytes?: number;
}

export interface AxisSimulator {
  url: string;
  store: AxisStore;
  close(): Promise<void>;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

function authenticate(store: AxisStore, req: http.IncomingMessage): AxisSystem {
  const systemId = String(req.headers.systemid ?? '');
  const secret = String(req.headers.secret ?? '');
  const system = store.systems().find((s) => s.systemId === systemId);
  if (!system || !timingSafeEqual(digest(system.secret), digest(secret))) {
    throw new HttpFailure(401, 'AXIS_UNAUTHORIZED', 'Sai mã hệ thống (systemId) hoặc khoá bí mật (secret)');
  }
  return system;
}

function send(res: http.ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

/**
 * A stand-in for the national document exchange axis, shaped like its SDK: each system signs in
 * with its systemId and secret, sends a package or status to an organisation code, lists what
 * waits for the organisations it serves, fetches one item and acknowledges it.
 */
export async function startAxisSimulator(opts: AxisSimulatorOptions): Promise<AxisSimulator> {
  const store = new AxisStore(opts.dataDir);
  for (const system of opts.systems ?? []) store.addSystem(system);
  const maxBody = opts.maxBodyBytes ?? 512 * 1024 * 1024;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://axis');
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { status: 'ok' });
    const system = authenticate(store, req);

    if (req.method === 'POST' && url.pathname === '/api/packages') {
      const to = url.searchParams.get('to') ?? '';
      const type = url.searchParams.get('type') === 'status' ? 'status' : 'edoc';
      if (!store.isServed(to)) throw new HttpFailure(404, 'AXIS_UNKNOWN_RECIPIENT', `Không có hệ thống nào trên trục nhận cho mã định danh ${to}`);
      const key = req.headers['idempotency-key'] ? String(req.headers['idempotency-key']) : null;
      const seen = key ? store.findByKey(system.systemId, key) : undefined;
      if (seen) {
        req.resume();
        return send(res, 200, { id: seen.id, duplicate: true });
      }
      const staged = store.stagingPath();
      let size = 0;
      try {
        await pipeline(
          req,
          async function* (source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              size += chunk.length;
              if (size > maxBody) throw new HttpFailure(413, 'AXIS_TOO_LARGE', 'Gói tin vượt quá dung lượng trục cho phép');
              yield chunk;
            }
          },
          fs.createWriteStream(staged, { mode: 0o600 }),
        );
      } catch (err) {
        fs.rmSync(staged, { force: true });
        throw err;
      }
      // A retry that raced the first attempt is answered with the first item.
      const raced = key ? store.findByKey(system.systemId, key) : undefined;
      if (raced) {
        fs.rmSync(staged, { force: true });
        return send(res, 200, { id: raced.id, duplicate: true });
      }
      const item = store.commit(staged, { type, fromSystem: system.systemId, to, size, idempotencyKey: key });
      return send(res, 201, { id: item.id });
    }

    if (req.method === 'GET' && url.pathname === '/api/received') {
      const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 50) || 50, 1), 500);
      const items = store.pendingFor(system.organizations, limit).map(({ id, type, fromSystem, to, size, createdAt }) => ({ id, type, fromSystem, to, size, createdAt }));
      return send(res, 200, { items });
    }

    if (parts[0] === 'api' && parts[1] === 'received' && parts[2]) {
      const item = store.get(parts[2]);
      if (!item || !system.organizations.includes(item.to)) throw new HttpFailure(404, 'AXIS_NOT_FOUND', 'Không có gói tin này');
      if (req.method === 'GET' && parts.length === 3) {
        res.writeHead(200, { 'content-type': 'application/xml', 'content-length': item.size });
        await pipeline(fs.createReadStream(store.payloadPath(item)), res);
        return;
      }
      if (req.method === 'POST' && parts[3] === 'ack') {
        store.acknowledge(item);
        return send(res, 204);
      }
    }
    throw new HttpFailure(404, 'AXIS_NOT_FOUND', 'Không có địa chỉ này');
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const failure = err instanceof HttpFailure ? err : new HttpFailure(500, 'AXIS_INTERNAL', 'Lỗi trục liên thông');
      if (res.headersSent) res.destroy();
      else send(res, failure.status, { error: { code: failure.code, message: failure.message } });
      if (!req.complete) req.resume();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
