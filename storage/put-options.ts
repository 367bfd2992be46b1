import type { PutOptions } from './blob-store';
import { StorageError } from './errors';

export function assertPutOptions(opts: PutOptions): void {
  const { maxBytes } = opts;
  if (maxBytes !== undefined && !(Number.isSafeInteger(maxBytes) && maxBytes >= 0)) {
    throw new StorageError('STORAGE_CONFIG_INVALID', 'Giới hạn dung lượng tệp (maxBytes) không hợp lệ.');
  }
}
