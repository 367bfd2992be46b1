import { StorageError } from './errors';

export interface S3Endpoint {
  endPoint: string;
  port: number;
  useSSL: boolean;
}

/** Parses an `S3_ENDPOINT` value such as `http://127.0.0.1:9000` or `https://s3.example.vn`. */
export function parseS3Endpoint(url: string): S3Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid(url);
  // Bucket and credentials are configured separately; silently dropping them would hide a mistake.
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search || parsed.username || parsed.password) {
    throw invalid(url);
  }
  const useSSL = parsed.protocol === 'https:';
  const port = parsed.port ? Number(parsed.port) : useSSL ? 443 : 80;
  const endPoint = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!endPoint) throw invalid(url);
  return { endPoint, port, useSSL };
}

function invalid(url: string): StorageError {
  return new StorageError('STORAGE_CONFIG_INVALID', `Địa chỉ S3_ENDPOINT không hợp lệ: "${url}".`);
}
