import net from 'node:net';

export interface RawResponse {
  status: number | null;
  text: string;
}

/**
 * Sends bytes exactly as given over a fresh socket (a cut-off body, a lying Content-Length…), then
 * half-closes or destroys it; resolves with whatever the server answered before closing.
 */
export function rawRequest(url: string, head: string, body: Buffer | string, opts: { destroyAfterMs?: number } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const done = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text });
    };
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.write(head.replace(/\n/g, '\r\n') + '\r\n');
    socket.write(body);
    // Without a half-close: the server answers (Connection: close) and hangs up, or we give up.
    const timer = setTimeout(() => socket.destroy(), opts.destroyAfterMs ?? 10_000);
  });
}

export function multipartHead(path: string, token: string, contentType: string, contentLength: number, host = 'localhost'): string {
  return `POST ${path} HTTP/1.1\nHost: ${host}\nAuthorization: Bearer ${token}\nContent-Type: ${contentType}\nContent-Length: ${contentLength}\nConnection: close\n`;
}
