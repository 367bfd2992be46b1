import { createHash, createPrivateKey, X509Certificate } from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';
import { signHash } from './hash-signer';
import { readJson, send } from './http-util';

/**
 * Reference local signing plugin (the program a USB token's vendor installs on the leader's PC),
 * signing with a PKCS#12 instead of a token. The web page talks to it over loopback HTTP
 * (protocol version 1, documented in README "Plugin ký số USB token"):
 *
 *   GET  /v1/info          → { name, version, protocol: 1 }
 *   GET  /v1/certificates  → { certificates: [{ id, certificate, chain[], subject, notAfter }] }
 *   POST /v1/sign          { certificateId, data (base64), dataType: "signedAttributes" | "hash" }
 *                          → { signature (base64, PKCS#1 v1.5 SHA-256), algorithm: "SHA256withRSA" }
 *
 * Only the configured web origins may call it (CORS, with Private Network Access); it listens on
 * 127.0.0.1 only. A real plugin asks for the token PIN in its own window: the PIN never reaches the page.
 */
export interface PluginKey {
  keyPem: string;
  certPem: string;
  chainPem: string[];
}

export interface TokenPluginOptions {
  keys: PluginKey[];
  allowedOrigins: string[];
  port?: number;
  /** Called before each signature (a real plugin shows its PIN dialog here); false refuses. */
  approve?: (request: { subject: string; dataType: string }) => Promise<boolean> | boolean;
  log?: (line: string) => void;
}

export interface TokenPlugin {
  url: string;
  signatures: number;
  close(): Promise<void>;
}

export async function startTokenPlugin(opts: TokenPluginOptions): Promise<TokenPlugin> {
  const keys = opts.keys.map((k) => {
    const cert = new X509Certificate(k.certPem);
    return { ...k, key: createPrivateKey(k.keyPem), id: cert.fingerprint256.replace(/:/g, '').toLowerCase(), subject: cert.subject, notAfter: new Date(cert.validTo).toISOString() };
  });
  // Read on each request: the caller may allow an origin once it knows it (a server on a random port).
  const allowed = (origin: string) => opts.allowedOrigins.some((o) => o.replace(/\/$/, '') === origin);
  const state = { signatures: 0 };

  const server = http.createServer(async (req, res) => {
    const origin = req.headers.origin;
    // Browsers always send Origin on cross-origin calls; a page from anywhere else is refused.
    if (origin && !allowed(origin)) return send(res, 403, { error: 'origin_not_allowed', message: 'Trang web này không được phép dùng plugin ký số' });
    const cors: Record<string, string> = origin
      ? { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type', 'access-control-allow-private-network': 'true', 'access-control-max-age': '600' }
      : {};
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    try {
      const path = new URL(req.url ?? '/', 'http://plugin').pathname;
      if (req.method === 'GET' && path === '/v1/info') return send(res, 200, { name: 'Vanban plugin ký số tham chiếu (PKCS#12)', version: '1.0.0', protocol: 1 }, cors);
      if (req.method === 'GET' && path === '/v1/certificates') {
        return send(res, 200, { certificates: keys.map((k) => ({ id: k.id, certificate: k.certPem, chain: k.chainPem, subject: k.subject, notAfter: k.notAfter })) }, cors);
      }
      if (req.method === 'POST' && path === '/v1/sign') {
        const body = (await readJson(req)) as { certificateId?: string; data?: string; dataType?: string };
        const key = keys.find((k) => k.id === body.certificateId);
        if (!key) return send(res, 404, { error: 'certificate_not_found', message: 'Không tìm thấy chứng thư trên thiết bị ký' }, cors);
        const data = Buffer.from(String(body.data ?? ''), 'base64');
        const dataType = body.dataType === 'hash' ? 'hash' : 'signedAttributes';
        if (data.length === 0 || data.length > 64 * 1024) return send(res, 400, { error: 'bad_data', message: 'Dữ liệu cần ký không hợp lệ' }, cors);
        if (opts.approve && !(await opts.approve({ subject: key.subject, dataType }))) return send(res, 409, { error: 'refused', message: 'Người dùng đã huỷ ký trên thiết bị' }, cors);
        const hash = dataType === 'hash' ? data : createHash('sha256').update(data).digest();
        const signature = signHash(key.key, hash);
        state.signatures++;
        opts.log?.(`Đã ký cho ${origin ?? 'ứng dụng cục bộ'} bằng ${key.subject}`);
        return send(res, 200, { signature: signature.toString('base64'), algorithm: 'SHA256withRSA' }, cors);
      }
      send(res, 404, { error: 'not_found' }, cors);
    } catch (err) {
      send(res, 400, { error: 'bad_request', message: (err as Error).message }, cors);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get signatures() {
      return state.signatures;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
