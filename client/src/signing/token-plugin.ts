import { ApiError } from '../api/http';

/** The local signing plugin's protocol (version 1): see README "Plugin ký số USB token". */
export interface PluginCertificate {
  id: string;
  certificate: string;
  chain: string[];
  subject: string;
  notAfter: string;
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError('PLUGIN_UNAVAILABLE', 'Không kết nối được plugin ký số trên máy này. Hãy cài đặt và mở plugin, cắm USB token rồi thử lại.', 0);
  }
  const body = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) throw new ApiError('PLUGIN_ERROR', body.message ?? `Plugin ký số báo lỗi (${res.status})`, res.status);
  return body;
}

export const pluginCertificates = async (base: string): Promise<PluginCertificate[]> => (await call<{ certificates: PluginCertificate[] }>(`${base}/v1/certificates`)).certificates;

export const pluginSign = async (base: string, certificateId: string, toBeSigned: string): Promise<string> =>
  (await call<{ signature: string }>(`${base}/v1/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ certificateId, data: toBeSigned, dataType: 'signedAttributes' }) })).signature;
