import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { StorageError } from './errors';

/**
 * Passes bytes through while hashing them and fails at the end if the SHA-256 differs.
 * The most recent chunk is held back until the digest is known: a corrupted blob therefore
 * never reaches its consumer in full, and a small (single-chunk) corrupted blob delivers
 * no bytes at all. An HTTP response piped from this stream ends short of its Content-Length.
 */
export function createVerifyingStream(expectedSha256: string): Transform {
  const hash = createHash('sha256');
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      hash.update(chunk);
      const previous = held;
      held = chunk;
      callback(null, previous);
    },
    flush(callback: TransformCallback): void {
      const actual = hash.digest('hex');
      if (actual !== expectedSha256) {
        held = undefined;
        callback(
          new StorageError(
            'BLOB_CORRUPT',
            `Dữ liệu tệp ${expectedSha256.slice(0, 12)}… bị hỏng: mã băm SHA-256 không khớp.`,
          ),
        );
        return;
      }
      callback(null, held);
    },
  });
}

/** Fails with BLOB_CORRUPT if the source ends with a byte count other than `expected`. */
export function createLengthGuard(expected: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      seen += chunk.length;
      if (seen > expected) {
        callback(new StorageError('BLOB_CORRUPT', 'Dữ liệu tệp trả về dài hơn kích thước đã lưu.'));
        return;
      }
      callback(null, chunk);
    },
    flush(callback: TransformCallback): void {
      if (seen !== expected) {
        callback(new StorageError('BLOB_CORRUPT', 'Dữ liệu tệp trả về ngắn hơn kích thước đã lưu.'));
        return;
      }
      callback();
    },
  });
}

/**
 * Pipes `source` into `sink` and returns `sink`. Source errors are translated by `mapError`
 * and surface on `sink`; if the consumer destroys `sink` early, `source` is released too.
 * (stream.pipeline would forward the raw backend error untranslated.)
 */
export function connectSource(source: Readable, sink: Transform, mapError: (err: unknown) => Error): Transform {
  source.once('error', (err: unknown) => sink.destroy(mapError(err)));
  sink.once('close', () => {
    if (!source.destroyed) source.destroy();
  });
  source.pipe(sink);
  return sink;
}

/** Consumes a stream to its end; resolves with the number of bytes seen. */
export async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}
