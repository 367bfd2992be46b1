import { randomUUID, timingSafeEqual } from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';
import { signHash } from './hash-signer';
import { readJson, send, sendHtml } from './http-util';

/**
 * A stand-in for a remote signing service in the style of VNPT SmartCA / Viettel MySign, for tests
 * and the demo. Protocol (JSON over HTTP, client authenticated with HTTP Basic):
 *
 *   GET  /v1/credentials?user_id=U        → { credentials: [{ credentialId, certificate, chain[] }] }
 *   POST /v1/signatures                   { credentialId, userId, hash (base64 SHA-256), hashAlgorithm: "SHA-256", description }
 *                                         → 202 { transactionId, status: "pending", expiresAt }
 *   GET  /v1/signatures/:tx               → { transactionId, status: pending|approved|rejected|expired|cancelled, signature? (base64 PKCS#1 v1.5) }
 *   POST /v1/signatures/:tx/cancel        → { status: "cancelled" }
 *
 * The "phone" the signer confirms on (no client credentials: the phone app authenticates the person):
 *   GET  /phone/:userId                   an HTML page listing the pending requests with Đồng ý / Từ chối
 *   GET  /phone/:userId/pending           → { items: [{ transactionId, description, createdAt }] }
 *   POST /phone/transactions/:tx/approve | /reject
 */
export interface SimulatedAccount {
  /** The service's identifier of the person (SmartCA uses the citizen id). */
  userId: string;
  credentialId?: string;
  keyPem: string;
  certPem: string;
  chainPem: string[];
}

export interface SimulatorOptions {
  accounts: SimulatedAccount[];
  clientId: string;
  clientSecret: string;
  port?: number;
  host?: string;
  /** How long the signer has to confirm (default 300 s). */
  ttlSeconds?: number;
}

type Status = 'pending' | 'approved' | 'rejected' | 'expired' | 'cancelled';

interface Transaction {
  id: string;
  account: SimulatedAccount & { credentialId: string };
  hash: Buffer;
  description: string;
  createdAt: Date;
  expiresAt: Date;
  status: Status;
  signature?: Buffer;
}

export interface RemoteSignerSimulator {
  url: string;
  /** What the phone would do: approve or reject a pending request. */
  confirm(transactionId: string, approve: boolean): boolean;
  pending(userId: string): { transactionId: string; description: string }[];
  /** How many times the service has been asked for this transaction's status (lets tests wait on the caller's polling). */
  statusChecks(transactionId: string): number;
  close(): Promise<void>;
}

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function startRemoteSignerSimulator(opts: SimulatorOptions): Promise<RemoteSignerSimulator> {
  const accounts = opts.accounts.map((a, i) => ({ ...a, credentialId: a.credentialId ?? `cred-${i + 1}-${a.userId}` }));
  const transactions = new Map<string, Transaction>();
  const checks = new Map<string, number>();
  const ttlMs = (opts.ttlSeconds ?? 300) * 1000;

  const current = (tx: Transaction): Transaction => {
    if (tx.status === 'pending' && tx.expiresAt.getTime() <= Date.now()) tx.status = 'expired';
    return tx;
  };
  const confirm = (id: string, approve: boolean): boolean => {
    const tx = transactions.get(id);
    if (!tx || current(tx).status !== 'pending') return false;
    if (approve) {
      tx.signature = signHash(tx.account.keyPem, tx.hash);
      tx.status = 'approved';
    } else tx.status = 'rejected';
    return true;
  };
  const pending = (userId: string) =>
    [...transactions.values()].filter((t) => t.account.userId === userId && current(t).status === 'pending').map((t) => ({ transactionId: t.id, description: t.description, createdAt: t.createdAt.toISOString() }));

  const authorised = (req: http.IncomingMessage): boolean => {
    const m = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (!m) return false;
    const [id, ...rest] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
    return sameSecret(id, opts.clientId) && sameSecret(rest.join(':'), opts.clientSecret);
  };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://simulator');
      const parts = url.pathname.split('/').filter(Boolean);
      if (parts[0] === 'phone') return await phone(req, res, parts);
      if (parts[0] !== 'v1') return send(res, 404, { error: 'not_found' });
      if (!authorised(req)) return send(res, 401, { error: 'unauthorized', message: 'Sai thông tin xác thực ứng dụng' });
      if (req.method === 'GET' && parts[1] === 'credentials') {
        const userId = url.searchParams.get('user_id') ?? '';
        return send(res, 200, { credentials: accounts.filter((a) => a.userId === userId).map((a) => ({ credentialId: a.credentialId, certificate: a.certPem, chain: a.chainPem })) });
      }
      if (req.method === 'POST' && parts[1] === 'signatures' && parts.length === 2) {
        const body = (await readJson(req)) as { credentialId?: string; userId?: string; hash?: string; hashAlgorithm?: string; description?: string };
        const account = accounts.find((a) => a.credentialId === body.credentialId && a.userId === body.userId);
        if (!account) return send(res, 404, { error: 'credential_not_found', message: 'Không tìm thấy chứng thư của người dùng' });
        const hash = Buffer.from(String(body.hash ?? ''), 'base64');
        if (body.hashAlgorithm !== 'SHA-256' || hash.length !== 32) return send(res, 400, { error: 'bad_hash', message: 'Chỉ nhận giá trị băm SHA-256' });
        const tx: Transaction = { id: randomUUID(), account, hash, description: String(body.description ?? '').slice(0, 500), createdAt: new Date(), expiresAt: new Date(Date.now() + ttlMs), status: 'pending' };
        transactions.set(tx.id, tx);
        return send(res, 202, { transactionId: tx.id, status: tx.status, expiresAt: tx.expiresAt.toISOString() });
      }
      if (parts[1] === 'signatures' && parts[2]) {
        const tx = transactions.get(parts[2]);
        if (!tx) return send(res, 404, { error: 'transaction_not_found' });
        if (req.method === 'POST' && parts[3] === 'cancel') {
          if (current(tx).status === 'pending') tx.status = 'cancelled';
          return send(res, 200, { transactionId: tx.id, status: tx.status });
        }
        if (req.method === 'GET' && parts.length === 3) {
          current(tx);
          checks.set(tx.id, (checks.get(tx.id) ?? 0) + 1);
          return send(res, 200, { transactionId: tx.id, status: tx.status, ...(tx.signature ? { signature: tx.signature.toString('base64') } : {}) });
        }
      }
      send(res, 404, { error: 'not_found' });
    } catch (err) {
      send(res, 400, { error: 'bad_request', message: (err as Error).message });
    }
  });

  async function phone(req: http.IncomingMessage, res: http.ServerResponse, parts: string[]): Promise<void> {
    if (req.method === 'POST' && parts[1] === 'transactions' && (parts[3] === 'approve' || parts[3] === 'reject')) {
      const ok = confirm(parts[2], parts[3] === 'approve');
      return send(res, ok ? 200 : 409, ok ? { status: transactions.get(parts[2])!.status } : { error: 'not_pending', message: 'Yêu cầu không còn chờ xác nhận' });
    }
    if (req.method === 'GET' && parts.length === 3 && parts[2] === 'pending') return send(res, 200, { items: pending(decodeURIComponent(parts[1])) });
    if (req.method === 'GET' && parts.length === 2) return sendHtml(res, phonePage(decodeURIComponent(parts[1])));
    send(res, 404, { error: 'not_found' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    confirm,
    pending,
    statusChecks: (transactionId) => checks.get(transactionId) ?? 0,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The simulated phone app: a page the demo opens to confirm a request. */
function phonePage(userId: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Ký số từ xa — xác nhận (mô phỏng)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:1rem auto;padding:0 1rem}li{margin:.75rem 0;padding:.75rem;border:1px solid #ccc;border-radius:8px}button{margin-right:.5rem;padding:.5rem 1rem}</style></head>
<body><h1>Yêu cầu ký số chờ xác nhận</h1><p>Tài khoản: <strong>${escapeHtml(userId)}</strong> — dịch vụ ký số từ xa mô phỏng.</p>
<ul id="ds"></ul><p id="trong" hidden>Không có yêu cầu nào đang chờ.</p>
<script>
const user=${JSON.stringify(userId)};
async function load(){const r=await fetch('/phone/'+encodeURIComponent(user)+'/pending');const {items}=await r.json();
const ul=document.getElementById('ds');ul.innerHTML='';document.getElementById('trong').hidden=items.length>0;
for(const t of items){const li=document.createElement('li');const p=document.createElement('p');p.textContent=t.description||t.transactionId;li.append(p);
for(const [act,label] of [['approve','Đồng ý ký'],['reject','Từ chối']]){const b=document.createElement('button');b.textContent=label;
b.onclick=async()=>{await fetch('/phone/transactions/'+t.transactionId+'/'+act,{method:'POST'});load();};li.append(b);}ul.append(li);}}
load();setInterval(load,2000);
</script></body></html>`;
}
