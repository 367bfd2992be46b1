import type { Client } from 'minio';
import { StorageError } from './errors';

const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NotFound', 'NoSuchObject']);

export function mapS3Error(err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && NOT_FOUND_CODES.has(code)) return new StorageError('BLOB_NOT_FOUND');
  return new StorageError('STORAGE_UNAVAILABLE', undefined, { cause: err });
}

/** Creates the bucket if missing; tolerates another process creating it at the same moment. */
export async function ensureBucket(client: Client, bucket: string, region: string): Promise<void> {
  try {
    if (await client.bucketExists(bucket)) return;
    await client.makeBucket(bucket, region);
  } catch (err) {
    const code = (err as { code?: unknown } | undefined)?.code;
    if (code === 'BucketAlreadyOwnedByYou') return;
    throw new StorageError(
      'STORAGE_UNAVAILABLE',
      `Không thể truy cập hoặc tạo bucket "${bucket}" trên kho lưu trữ S3.`,
      { cause: err },
    );
  }
}
