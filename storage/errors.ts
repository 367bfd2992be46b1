/**
 * Error type shared by every blob store backend. The `code` is stable and meant for
 * programs (HTTP mapping, logs); the `message` is Vietnamese and meant for people.
 */
export type StorageErrorCode =
  | 'BLOB_NOT_FOUND'
  | 'BLOB_CORRUPT'
  | 'BLOB_TOO_LARGE'
  | 'BLOB_RANGE_INVALID'
  | 'STORAGE_UNAVAILABLE'
  | 'STORAGE_CONFIG_INVALID';

const DEFAULT_MESSAGES: Record<StorageErrorCode, string> = {
  BLOB_NOT_FOUND: 'Không tìm thấy tệp trong kho lưu trữ.',
  BLOB_CORRUPT: 'Dữ liệu tệp trong kho lưu trữ bị hỏng (mã băm SHA-256 không khớp).',
  BLOB_TOO_LARGE: 'Tệp vượt quá dung lượng cho phép.',
  BLOB_RANGE_INVALID: 'Khoảng byte yêu cầu không hợp lệ.',
  STORAGE_UNAVAILABLE: 'Kho lưu trữ tạm thời không khả dụng, vui lòng thử lại sau.',
  STORAGE_CONFIG_INVALID: 'Cấu hình kho lưu trữ không hợp lệ.',
};

export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? DEFAULT_MESSAGES[code], options);
    this.name = 'StorageError';
    this.code = code;
  }
}

export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}

export function blobTooLarge(maxBytes: number): StorageError {
  return new StorageError('BLOB_TOO_LARGE', `Tệp vượt quá dung lượng cho phép (tối đa ${maxBytes} byte).`);
}

/** Keeps StorageErrors as they are; anything else becomes STORAGE_UNAVAILABLE with the cause kept. */
export function asStorageError(err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  return new StorageError('STORAGE_UNAVAILABLE', undefined, { cause: err });
}

/** `has` for any store: a blob exists when `stat` finds it; other failures (unreachable store) propagate. */
export function hasFromStat(stat: (key: string) => Promise<unknown>): (key: string) => Promise<boolean> {
  return async (key) => {
    try {
      await stat(key);
      return true;
    } catch (err) {
      if (err instanceof StorageError && err.code === 'BLOB_NOT_FOUND') return false;
      throw err;
    }
  };
}
