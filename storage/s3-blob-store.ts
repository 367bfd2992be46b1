import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { Client } from 'minio';
import type { BlobInfo, BlobStore, ListedBlob, PutOptions } from './blob-store';
import { assertBlobKey, isBlobKey } from './blob-key';
import { assertValidRange } from './byte-range';
import { asStorageError, hasFromStat } from './errors';
import { assertPutOptions } from './put-options';
import { ensureBucket, mapS3Error } from './s3-support';
import { removeQuietly, spoolToTempFile } from './spool';
import { bytesBeforeRange, createRangeWindow } from './range-window';
import { connectSource, createVerifyingStream, drain } from './verifying-stream';

export interface S3BlobStoreOptions {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region?: string;
  /** Where uploads are spooled before being sent; defaults to the OS temp directory. */
  spoolDir?: string;
}

const OBJECT_PREFIX = 'blobs/';
/** S3's limit for a single PUT; larger blobs would need multipart upload (not implemented). */
const SINGLE_PUT_LIMIT = 5 * 1024 * 1024 * 1024;

export async function createS3BlobStore(options: S3BlobStoreOptions): Promise<BlobStore> {
  const { bucket } = options;
  const region = options.region ?? 'us-east-1';
  const client = new Client({
    endPoint: options.endPoint,
    port: options.port,
    useSSL: options.useSSL,
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    region,
    // A retried request would resend an already consumed upload stream.
    retryOptions: { disableRetry: true },
  });
  await ensureBucket(client, bucket, region);
  let spoolDir: string;
  try {
    spoolDir = await mkdtemp(join(options.spoolDir ?? tmpdir(), 'vanban-blob-spool-'));
  } catch (err) {
    throw asStorageError(err);
  }

  const objectName = (key: string): string => OBJECT_PREFIX + key;

  async function statBlob(key: string): Promise<BlobInfo> {
    assertBlobKey(key);
    try {
      const s = await client.statObject(bucket, objectName(key));
      return { key, size: s.size, sha256: key };
    } catch (err) {
      throw mapS3Error(err);
    }
  }

  async function alreadyStored(key: string, size: number): Promise<boolean> {
    try {
      const s = await client.statObject(bucket, objectName(key));
      return s.size === size && s.metaData['sha256'] === key;
    } catch (err) {
      const mapped = mapS3Error(err);
      if (mapped.code === 'BLOB_NOT_FOUND') return false;
      throw mapped;
    }
  }

  /**
   * A plain signed PUT streamed from the spool file. minio's putObject reads objects up to the
   * part size (64 MiB) into memory and switches to multipart above it, which needs
   * ListMultipartUploads (absent from s3rver); we know the size and the SHA-256 already, so a
   * single request with the payload hash signed is both bounded in memory and integrity-checked
   * by a real S3 server.
   */
  async function upload(key: string, path: string, size: number, contentType: string): Promise<void> {
    const body = createReadStream(path);
    try {
      const response = await client.makeRequestStreamAsync(
        {
          method: 'PUT',
          bucketName: bucket,
          objectName: objectName(key),
          headers: { 'Content-Length': size, 'Content-Type': contentType, 'x-amz-meta-sha256': key },
        },
        body,
        client.enableSHA256 ? key : '',
        [200],
        region,
      );
      response.resume();
    } catch (err) {
      throw mapS3Error(err);
    } finally {
      body.destroy();
    }
  }

  const store: BlobStore = {
    async put(source: Readable, opts: PutOptions = {}): Promise<BlobInfo> {
      assertPutOptions(opts);
      const limit = Math.min(opts.maxBytes ?? SINGLE_PUT_LIMIT, SINGLE_PUT_LIMIT);
      const tempPath = join(spoolDir, `${randomUUID()}.part`);
      const spooled = await spoolToTempFile(source, tempPath, limit);
      try {
        const key = spooled.sha256;
        if (!(await alreadyStored(key, spooled.size))) {
          await upload(key, spooled.path, spooled.size, opts.contentType ?? 'application/octet-stream');
        }
        return { key, size: spooled.size, sha256: key };
      } finally {
        await removeQuietly(tempPath);
      }
    },

    async get(key: string): Promise<Readable> {
      assertBlobKey(key);
      let source: Readable;
      try {
        source = await client.getObject(bucket, objectName(key));
      } catch (err) {
        throw mapS3Error(err);
      }
      return connectSource(source, createVerifyingStream(key), mapS3Error);
    },

    async getRange(key: string, start: number, end: number): Promise<Readable> {
      const info = await statBlob(key);
      assertValidRange(start, end, info.size);
      const length = end - start + 1;
      let source: Readable;
      try {
        source = await client.getPartialObject(bucket, objectName(key), start, length);
      } catch (err) {
        throw mapS3Error(err);
      }
      let skip: number;
      try {
        skip = bytesBeforeRange(source, start, end);
      } catch (err) {
        source.destroy();
        throw err;
      }
      return connectSource(source, createRangeWindow(skip, length), mapS3Error);
    },

    stat: statBlob,

    has: hasFromStat(statBlob),

    async delete(key: string): Promise<void> {
      assertBlobKey(key);
      try {
        await client.removeObject(bucket, objectName(key));
      } catch (err) {
        const mapped = mapS3Error(err);
        if (mapped.code !== 'BLOB_NOT_FOUND') throw mapped;
      }
    },

    async verify(key: string): Promise<BlobInfo> {
      const stream = await store.get(key);
      const size = await drain(stream);
      return { key, size, sha256: key };
    },

    async *list(): AsyncIterable<ListedBlob> {
      const stream = client.listObjectsV2(bucket, OBJECT_PREFIX, true);
      try {
        for await (const item of stream as AsyncIterable<{ name?: string; size?: number; lastModified?: Date }>) {
          const key = item.name?.slice(OBJECT_PREFIX.length);
          if (isBlobKey(key)) yield { key, size: item.size ?? 0, modifiedAt: item.lastModified ?? new Date(0) };
        }
      } catch (err) {
        throw mapS3Error(err);
      }
    },

    // Spool files of this process and of earlier ones that died (each had its own spool folder).
    async sweepTemp(olderThanMs: number): Promise<number> {
      const parent = dirname(spoolDir);
      const cutoff = Date.now() - olderThanMs;
      let removed = 0;
      for (const dir of (await readdir(parent).catch(() => [] as string[])).filter((d) => d.startsWith('vanban-blob-spool-'))) {
        for (const name of await readdir(join(parent, dir)).catch(() => [] as string[])) {
          const path = join(parent, dir, name);
          const s = await stat(path).catch(() => null);
          if (s && s.mtimeMs < cutoff) {
            await removeQuietly(path).catch(() => undefined);
            removed += 1;
          }
        }
      }
      return removed;
    },

    async close(): Promise<void> {
      await rm(spoolDir, { recursive: true, force: true });
    },
  };
  return store;
}
