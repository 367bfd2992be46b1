import { AppError } from '../shared/errors';

/** A remote signing service as Vanban uses it; one implementation per protocol. */
export interface RemoteSigningConnector {
  name: string;
  credentials(userRef: string): Promise<{ credentialId: string; certificatePem: string; chainPem: string[] }[]>;
  requestSignature(input: { credentialId: string; userRef: string; hash: Buffer; description: string }): Promise<{ transactionId: string; expiresAt: Date | null }>;
  status(transactionId: string): Promise<{ status: 'pending' | 'approved' | 'rejected' | 'expired' | 'cancelled'; signature?: Buffer }>;
  cancel(transactionId: string): Promise<void>;
}

export interface HttpConnectorConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  name: string;
  timeoutMs?: number;
}

const unavailable = (detail: string) => new AppError('REMOTE_SIGNER_UNAVAILABLE', `Dịch vụ ký số từ xa không phản hồi hoặc trả lời không hợp lệ (${detail}). Vui lòng thử lại sau`);

/**
 * The HTTP connector: hash in, transaction id out, poll until the signer confirms on the phone
 * (see signing/providers/remote-signer-simulator.ts for the protocol).
 */
export function httpRemoteSigningConnector(config: HttpConnectorConfig): RemoteSigningConnector {
  const auth = `Basic ${Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64')}`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    let res: Response;
    try {
      res = await fetch(new URL(path, config.baseUrl), {
        method,
        headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(config.timeoutMs ?? 15_000),
      });
    } catch (err) {
      throw unavailable((err as Error).name === 'TimeoutError' ? 'hết thời gian chờ' : 'không kết nối được');
    }
    let json: T;
    try {
      json = (await res.json()) as T;
    } catch {
      throw unavailable(`HTTP ${res.status}`);
    }
    if (res.status === 401 || res.status >= 500) throw unavailable(`HTTP ${res.status}`);
    return { status: res.status, json };
  };
  const b64 = (v: unknown, what: string): Buffer => {
    if (typeof v !== 'string' || !/^[A-Za-z0-9+/]+=*$/.test(v)) throw unavailable(what);
    return Buffer.from(v, 'base64');
  };
  return {
    name: config.name,
    async credentials(userRef) {
      const { status, json } = await call<{ credentials?: { credentialId: string; certificate: string; chain?: string[] }[] }>('GET', `/v1/credentials?user_id=${encodeURIComponent(userRef)}`);
      if (status !== 200 || !Array.isArray(json.credentials)) throw unavailable(`HTTP ${status}`);
      return json.credentials.map((c) => ({ credentialId: String(c.credentialId), certificatePem: String(c.certificate), chainPem: (c.chain ?? []).map(String) }));
    },
    async requestSignature(input) {
      const { status, json } = await call<{ transactionId?: string; expiresAt?: string; message?: string }>('POST', '/v1/signatures', {
        credentialId: input.credentialId, userId: input.userRef, hash: input.hash.toString('base64'), hashAlgorithm: 'SHA-256', description: input.description,
      });
      if (status === 404 || status === 400) throw new AppError('REMOTE_SIGNING_REJECTED', `Dịch vụ ký số từ xa từ chối yêu cầu: ${json.message ?? `HTTP ${status}`}`);
      if (status !== 202 && status !== 200) throw unavailable(`HTTP ${status}`);
      if (!json.transactionId) throw unavailable('thiếu mã giao dịch');
      return { transactionId: json.transactionId, expiresAt: json.expiresAt ? new Date(json.expiresAt) : null };
    },
    async status(transactionId) {
      const { status, json } = await call<{ status?: string; signature?: string }>('GET', `/v1/signatures/${encodeURIComponent(transactionId)}`);
      if (status === 404) return { status: 'expired' };
      if (status !== 200) throw unavailable(`HTTP ${status}`);
      const s = json.status;
      if (s === 'approved') return { status: 'approved', signature: b64(json.signature, 'chữ ký không hợp lệ') };
      if (s === 'pending' || s === 'rejected' || s === 'expired' || s === 'cancelled') return { status: s };
      throw unavailable(`trạng thái lạ ${String(s)}`);
    },
    async cancel(transactionId) {
      await call('POST', `/v1/signatures/${encodeURIComponent(transactionId)}/cancel`, {});
    },
  };
}
