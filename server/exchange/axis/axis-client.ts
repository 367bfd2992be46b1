import { Readable } from 'node:stream';

export interface AxisItemSummary {
  id: string;
  type: 'edoc' | 'status';
  fromSystem: string;
  to: string;
  size: number;
  createdAt: string;
}

/** A failure talking to the axis; `permanent` ones (refused, unknown recipient) are not retried. */
export class AxisError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'AxisError';
  }
}

/** What Vanban needs from the national exchange axis: the operations its SDK offers. */
export interface AxisTransport {
  send(input: { to: string; type: 'edoc' | 'status'; idempotencyKey: string; body: AsyncIterable<Uint8Array> | string }): Promise<{ id: string; duplicate: boolean }>;
  listReceived(limit: number): Promise<AxisItemSummary[]>;
  fetchItem(id: string): Promise<Readable>;
  acknowledge(id: string): Promise<void>;
}

export interface AxisClientOptions {
  url: string;
  systemId: string;
  secret: string;
  timeoutMs?: number;
}

export function createAxisClient(opts: AxisClientOptions): AxisTransport {
  const base = opts.url.replace(/\/+$/, '');
  const headers = { systemid: opts.systemId, secret: opts.secret };

  const call = async (path: string, init: RequestInit & { duplex?: 'half' } = {}): Promise<Response> => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) }, signal: AbortSignal.timeout(opts.timeoutMs ?? 300_000) });
    } catch (err) {
      throw new AxisError('AXIS_UNREACHABLE', `Không kết nối được trục liên thông: ${(err as Error).message}`, false);
    }
    if (res.ok) return res;
    let code = 'AXIS_ERROR';
    let message = `Trục liên thông trả lỗi HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      // not JSON: keep the generic message
    }
    // Server-side trouble and throttling pass; a refusal of this request will not.
    const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
    throw new AxisError(code, message, permanent);
  };

  return {
    async send({ to, type, idempotencyKey, body }) {
      const query = new URLSearchParams({ to, type });
      const res = await call(`/api/packages?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', 'idempotency-key': idempotencyKey },
        body: typeof body === 'string' ? body : (body as unknown as ReadableStream),
        duplex: 'half',
      });
      const json = (await res.json()) as { id: string; duplicate?: boolean };
      return { id: json.id, duplicate: Boolean(json.duplicate) };
    },
    async listReceived(limit) {
      const res = await call(`/api/received?limit=${limit}`);
      return ((await res.json()) as { items: AxisItemSummary[] }).items;
    },
    async fetchItem(id) {
      const res = await call(`/api/received/${encodeURIComponent(id)}`);
      return Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    },
    async acknowledge(id) {
      await call(`/api/received/${encodeURIComponent(id)}/ack`, { method: 'POST' });
    },
  };
}
