import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../shared/errors';

/** Busboy cuts a part at the limit and ends it quietly: make that an error the reader sees first. */
async function* untruncated(stream: Readable & { truncated?: boolean }, maxBytes: number): AsyncGenerator<Buffer> {
  // Not destroyed when the reader stops early (a refused package): busboy needs the rest drained, not cut.
  for await (const chunk of stream.iterator({ destroyOnReturn: false })) yield chunk as Buffer;
  if (stream.truncated) throw new AppError('PAYLOAD_TOO_LARGE', `Tệp vượt quá ${Math.round(maxBytes / 1024 / 1024)} MB`);
}

/**
 * Hands the multipart `file` part to `work` as a stream while it uploads (nothing is buffered or
 * copied first); a part over `maxBytes` fails the stream with PAYLOAD_TOO_LARGE.
 */
export function withUploadedFile<T>(req: Request, maxBytes: number, work: (file: AsyncIterable<Buffer>) => Promise<T>): Promise<T> {
  if (!(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    return Promise.reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Yêu cầu phải gửi dạng multipart/form-data'));
  }
  return new Promise<T>((resolve, reject) => {
    let result: Promise<T> | null = null;
    const bb = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 1, fields: 10 } });
    bb.on('file', (name, stream) => {
      if (name !== 'file' || result) {
        stream.resume();
        return;
      }
      result = work(untruncated(stream, maxBytes));
      // Whatever the work leaves unread is drained so the request completes.
      result.finally(() => stream.resume()).catch(() => undefined);
    });
    bb.on('error', (err) => reject(new AppError('INVALID_FILE', `Dữ liệu multipart không hợp lệ: ${(err as Error).message}`)));
    bb.on('close', () => {
      if (!result) reject(new AppError('VALIDATION_FAILED', 'Thiếu tệp gói tin edXML (trường file)'));
      else result.then(resolve, reject);
    });
    req.pipe(bb);
  });
}
