import { StorageError } from './errors';

const BLOB_KEY = /^[0-9a-f]{64}$/;

export function isBlobKey(key: unknown): key is string {
  return typeof key === 'string' && BLOB_KEY.test(key);
}

/**
 * Keys end up in file paths and object names, so anything that is not a SHA-256 hex digest is
 * refused before use. Such a key cannot name a stored blob, hence BLOB_NOT_FOUND.
 */
export function assertBlobKey(key: unknown): asserts key is string {
  if (!isBlobKey(key)) throw new StorageError('BLOB_NOT_FOUND');
}
