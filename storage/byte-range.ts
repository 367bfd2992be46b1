import { StorageError } from './errors';

/** Validates an inclusive [start, end] range against a blob of `size` bytes. */
export function assertValidRange(start: number, end: number, size: number): void {
  const ok =
    Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && end < size;
  if (!ok) {
    throw new StorageError(
      'BLOB_RANGE_INVALID',
      `Khoảng byte yêu cầu không hợp lệ (${String(start)}–${String(end)}, kích thước tệp ${size} byte).`,
    );
  }
}
