import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobInfo, BlobStore, ListedBlob, PutOptions } from './blob-store';
import { assertBlobKey, isBlobKey } from './blob-key';
import { assertValidRange } from './byte-range';
import { asStorageError, StorageError, hasFromStat } from './errors';
import { assertPutOptions } from './put-options';
import { spoolToTempFile } from './spool';
import { connectSource, createLengthGuard, createVerifyingStream, drain } from './verifying-stream';

export interface LocalBlobStoreOptions {
  /** Directory holding the blobs; created if missing. Layout: `root/ab/cd/<sha256>`. */
  root: string;
  /**
   * Temp files older than this are removed when the store is created: they can only be leftovers
   * of a process that died mid-upload. Default 24 h, long enough for any upload still running
   * in another process sharing the root.
   */
  staleTempAgeMs?: number;
}

const TEMP_DIR = '.tmp';
const DEFAULT_STALE_TEMP_AGE_MS = 24 * 60 * 60 * 1000;

async function sweepStaleTempFiles(tempDir: string, maxAgeMs: number): Promise<number> {
  const cutoff = Date.now() - maxAgeMs;
  let removed = 0;
  for (const name of await readdir(tempDir)) {
    const path = join(tempDir, name);
    try {
      if ((await stat(path)).mtimeMs < cutoff) {
        await unlink(path);
        removed += 1;
      }
    } catch {
      /* raced with its owner finishing or another sweeper: nothing to do */
    }
  }
  return removed;
}

const isHexDir = (name: string) => /^[0-9a-f]{2}$/.test(name);

function mapFsError(err: unknown): StorageError {
  if ((err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return new StorageError('BLOB_NOT_FOUND');
  return asStorageError(err);
}

export async function createLocalBlobStore(options: LocalBlobStoreOptions): Promise<BlobStore> {
  const { root } = options;
  // Temp files live under root so the final rename stays on one filesystem and is atomic.
  const tempDir = join(root, TEMP_DIR);
  try {
    await mkdir(tempDir, { recursive: true, mode: 0o700 });
    await sweepStaleTempFiles(tempDir, options.staleTempAgeMs ?? DEFAULT_STALE_TEMP_AGE_MS);
  } catch (err) {
    throw asStorageError(err);
  }

  const blobDir = (key: string): string => join(root, key.slice(0, 2), key.slice(2, 4));
  const blobPath = (key: string): string => join(blobDir(key), key);

  async function statBlob(key: string): Promise<BlobInfo> {
    assertBlobKey(key);
    try {
      const s = await stat(blobPath(key));
      return { key, size: s.size, sha256: key };
    } catch (err) {
      throw mapFsError(err);
    }
  }

  async function openBlob(key: string, range?: { start: number; end: number }): Promise<Readable> {
    try {
      const handle = await open(blobPath(key), 'r');
      return createReadStream('', { fd: handle, ...range });
    } catch (err) {
      throw mapFsError(err);
    }
  }

  async function syncDir(dir: string): Promise<void> {
    // Makes the rename itself durable; some filesystems refuse fsync on directories.
    try {
      const handle = await open(dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      /* best effort */
    }
  }

  const store: BlobStore = {
    async put(source: Readable, opts: PutOptions = {}): Promise<BlobInfo> {
      assertPutOptions(opts);
      const tempPath = join(tempDir, `${randomUUID()}.part`);
      const spooled = await spoolToTempFile(source, tempPath, opts.maxBytes);
      const key = spooled.sha256;
      try {
        await mkdir(blobDir(key), { recursive: true, mode: 0o700 });
        // Renaming over an existing copy is harmless (same bytes) and repairs a damaged one.
        await rename(tempPath, blobPath(key));
      } catch (err) {
        await unlink(tempPath).catch(() => undefined);
        throw asStorageError(err);
      }
      await syncDir(blobDir(key));
      return { key, size: spooled.size, sha256: key };
    },

    async get(key: string): Promise<Readable> {
      assertBlobKey(key);
      const source = await openBlob(key);
      return connectSource(source, createVerifyingStream(key), mapFsError);
    },

    async getRange(key: string, start: number, end: number): Promise<Readable> {
      const info = await statBlob(key);
      assertValidRange(start, end, info.size);
      const source = await openBlob(key, { start, end });
      return connectSource(source, createLengthGuard(end - start + 1), mapFsError);
    },

    stat: statBlob,

    has: hasFromStat(statBlob),

    async delete(key: string): Promise<void> {
      assertBlobKey(key);
      try {
        await unlink(blobPath(key));
      } catch (err) {
        const mapped = mapFsError(err);
        if (mapped.code !== 'BLOB_NOT_FOUND') throw mapped;
      }
    },

    async verify(key: string): Promise<BlobInfo> {
      const stream = await store.get(key);
      const size = await drain(stream);
      return { key, size, sha256: key };
    },

    async *list(): AsyncIterable<ListedBlob> {
      const names = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).sort();
      for (const a of (await names(root)).filter(isHexDir)) {
        for (const b of (await names(join(root, a))).filter(isHexDir)) {
          for (const key of await names(join(root, a, b))) {
            if (!isBlobKey(key)) continue;
            const s = await stat(join(root, a, b, key)).catch(() => null);
            if (s) yield { key, size: s.size, modifiedAt: s.mtime };
          }
        }
      }
    },

    sweepTemp: (olderThanMs) => sweepStaleTempFiles(tempDir, olderThanMs),
  };
  return store;
}
