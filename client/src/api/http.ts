/** A failed API call: the server's error code and its Vietnamese message, ready to show. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export const API = '/api/v1';

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  del<T>(path: string): Promise<T>;
  /** Multipart upload; the caller builds the FormData (meta before file). */
  upload<T>(path: string, form: FormData): Promise<T>;
  bytes(path: string): Promise<ArrayBuffer>;
  /** Downloads a file (export, printable book) with the token and hands it to the browser. */
  download(path: string, fileName: string, open?: boolean): Promise<void>;
}

async function readError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    return new ApiError(body.error?.code ?? 'HTTP_ERROR', body.error?.message ?? `Lỗi máy chủ (${res.status})`, res.status);
  } catch {
    return new ApiError('HTTP_ERROR', `Lỗi máy chủ (${res.status})`, res.status);
  }
}

/** A client bound to one token; `onUnauthorized` signs the user out when the session is gone. */
export function createApi(token: string | null, onUnauthorized: () => void): Api {
  const headers = (extra: Record<string, string> = {}): Record<string, string> => (token ? { ...extra, authorization: `Bearer ${token}` } : extra);
  const send = async (path: string, init: RequestInit): Promise<Response> => {
    let res: Response;
    try {
      res = await fetch(API + path, init);
    } catch {
      throw new ApiError('NETWORK_ERROR', 'Không kết nối được máy chủ. Vui lòng thử lại.', 0);
    }
    if (res.status === 401 && token) onUnauthorized();
    if (!res.ok) throw await readError(res);
    return res;
  };
  const json = async <T>(res: Response): Promise<T> => (res.status === 204 ? (undefined as T) : ((await res.json()) as T));
  return {
    get: async (path) => json(await send(path, { headers: headers() })),
    post: async (path, body) => json(await send(path, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify(body ?? {}) })),
    del: async (path) => json(await send(path, { method: 'DELETE', headers: headers() })),
    upload: async (path, form) => json(await send(path, { method: 'POST', headers: headers(), body: form })),
    bytes: async (path) => (await send(path, { headers: headers() })).arrayBuffer(),
    download: async (path, fileName, open = false) => {
      const blob = await (await send(path, { headers: headers() })).blob();
      const url = URL.createObjectURL(blob);
      if (open) window.open(url, '_blank', 'noopener');
      else {
        const a = document.createElement('a');
        a.href = url;
        a.download = fileName;
        document.body.append(a);
        a.click();
        a.remove();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : 'Đã có lỗi xảy ra');
