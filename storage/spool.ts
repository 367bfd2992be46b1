import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { asStorageError, blobTooLarge, StorageError } from './errors';

export interface SpooledBlob {
  path: string;
  size: number;
  sha256: string;
}

/**
 * Copies `source` into a new file at `tempPath`, hashing and counting on the way, then fsyncs it.
 * The key of a content-addressed blob is only known once the last byte has been seen, hence
 * the spool. On any failure (source error, BLOB_TOO_LARGE, disk full) the temp file is removed
 * before the error is rethrown.
 */
export async function spoolToTempFile(source: Readable, tempPath: string, maxBytes?: number): Promise<SpooledBlob> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      size += chunk.length;
      if (maxBytes !== undefined && size > maxBytes) {
        callback(blobTooLarge(maxBytes));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  let sourceFailed = false;
  source.once('error', () => {
    sourceFailed = true;
  });
  try {
    await pipeline(source, meter, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
    const handle = await open(tempPath, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await removeQuietly(tempPath);
    // The caller's own stream failing is the caller's error; our disk failing is ours.
    if (sourceFailed && !(err instanceof StorageError)) throw err;
    throw asStorageError(err);
  }
  return { path: tempPath, size, sha256: hash.digest('hex') };
}

export async function removeQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
