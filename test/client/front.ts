import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { serveClient } from '../../server/http/serve-client';

export const CLIENT_DIST = path.resolve(__dirname, '../../client/dist');

export interface Front {
  url: string;
  close(): Promise<void>;
}

/**
 * The URL the browser opens. When the server already serves the built client at `/` (the
 * composition root wires serveClient) that is the server itself; otherwise a thin front in this
 * process serves the client and passes /api and /socket.io (including the WebSocket upgrade) on,
 * so the client is tested the same way either way.
 */
export async function clientFront(apiUrl: string): Promise<Front> {
  const probe = await fetch(`${apiUrl}/`, { headers: { accept: 'text/html' } });
  if (probe.ok && (await probe.text()).includes('id="root"')) return { url: apiUrl, close: async () => undefined };

  const target = new URL(apiUrl);
  const app = express();
  app.use((req, res, next) => {
    if (!/^\/(api|socket\.io)(\/|$)/.test(req.path)) return next();
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.originalUrl, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  serveClient(app, CLIENT_DIST);
  const server = http.createServer(app);
  server.on('upgrade', (req, socket, head) => {
    const up = net.connect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`), '', ''];
      up.write(lines.join('\r\n'));
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
