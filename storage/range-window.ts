import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { StorageError } from './errors';

/**
 * Cuts `[offset, offset + length)` out of a response body, skipping `skip` bytes first. Servers
 * do not always honour a Range header exactly: s3rver answers `bytes=0-0` with the whole object,
 * and a server may ignore Range entirely (200). Whatever arrives, exactly `length` bytes leave,
 * or the stream fails with BLOB_CORRUPT if the body is too short.
 */
export function createRangeWindow(skip: number, length: number): Transform {
  let toSkip = skip;
  let remaining = length;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      let part = chunk;
      if (toSkip > 0) {
        const dropped = Math.min(toSkip, part.length);
        toSkip -= dropped;
        part = part.subarray(dropped);
      }
      if (remaining === 0 || part.length === 0) {
        callback();
        return;
      }
      const kept = part.subarray(0, remaining);
      remaining -= kept.length;
      callback(null, kept);
    },
    flush(callback: TransformCallback): void {
      if (remaining !== 0) {
        callback(new StorageError('BLOB_CORRUPT', 'Dữ liệu tệp trả về ngắn hơn khoảng byte yêu cầu.'));
        return;
      }
      callback();
    },
  });
}

/**
 * How many leading bytes of a ranged GET response precede the requested `start`, judged from
 * its status and Content-Range. Throws if the response cannot contain the requested range.
 */
export function bytesBeforeRange(response: Readable, start: number, end: number): number {
  const { statusCode, headers } = response as Readable & { statusCode?: number; headers?: IncomingHttpHeaders };
  if (statusCode === 200) return start; // Range ignored: the body is the whole object.
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(headers?.['content-range'] ?? '');
  const first = match ? Number(match[1]) : NaN;
  const last = match ? Number(match[2]) : NaN;
  if (!(first <= start && last >= end)) {
    throw new StorageError('STORAGE_UNAVAILABLE', 'Kho lưu trữ S3 trả về khoảng byte không đúng yêu cầu.');
  }
  return start - first;
}
