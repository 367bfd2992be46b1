import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { BlobStore } from '../../storage';
import { StorageError } from '../../storage';
import {
  collect,
  failingStream,
  generatedStream,
  patternBytes,
  sha256Hex,
  sha256sumFile,
  streamOf,
} from './fixtures';

/** What a backend's test file provides so the shared contract can look behind the store. */
export interface StoreHarness {
  /** Creates the store under test (called once, before all tests). */
  create(): Promise<BlobStore>;
  /** Called once after all tests, after `store.close()`. */
  destroy(): Promise<void>;
  /** Path of the file physically holding the blob's bytes. */
  storedFilePath(key: string): string;
  /** Number of stored blobs (objects/files), independent of the store's API. */
  countStored(): Promise<number>;
  /** Temp/spool files currently present. */
  listTempFiles(): Promise<string[]>;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const MiB = 1024 * 1024;

async function expectStorageError(promise: Promise<unknown>, code: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageError);
  expect((err as StorageError).code).toBe(code);
  expect((err as StorageError).message.length).toBeGreaterThan(0);
}

/** Peak growth of resident memory while `work` runs, sampled every few milliseconds. */
async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - baseline };
  } finally {
    clearInterval(timer);
  }
}

async function flipByte(path: string, position: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, position);
    byte[0] = (byte[0] ?? 0) ^ 0x01;
    await handle.write(byte, 0, 1, position);
  } finally {
    await handle.close();
  }
}

export function registerBlobStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name}: BlobStore contract`, () => {
    let store: BlobStore;

    beforeAll(async () => {
      store = await harness.create();
    });

    afterAll(async () => {
      await store?.close?.();
      await harness.destroy();
    });

    test('roundtrip: key is the SHA-256 of the content, bytes come back intact', async () => {
      const data = patternBytes(300 * 1024 + 17, 'roundtrip');
      const info = await store.put(streamOf(data), { contentType: 'application/pdf' });
      expect(info).toEqual({ key: sha256Hex(data), size: data.length, sha256: sha256Hex(data) });
      // Independent check with coreutils on what is physically stored.
      expect(await sha256sumFile(harness.storedFilePath(info.key))).toBe(info.key);
      const back = await collect(await store.get(info.key));
      expect(back.error).toBeUndefined();
      expect(back.data.equals(data)).toBe(true);
      expect(await store.stat(info.key)).toEqual(info);
      expect(await store.verify(info.key)).toEqual(info);
    });

    test('dedupe: the same bytes twice give one key and one stored object', async () => {
      const data = patternBytes(50_000, 'dedupe');
      const before = await harness.countStored();
      const first = await store.put(streamOf(data));
      const second = await store.put(streamOf(data, 1000));
      expect(second).toEqual(first);
      expect(await harness.countStored()).toBe(before + 1);
      const other = await store.put(streamOf(patternBytes(50_000, 'dedupe-other')));
      expect(other.key).not.toBe(first.key);
      expect(await harness.countStored()).toBe(before + 2);
    });

    test('empty blob', async () => {
      const info = await store.put(streamOf(Buffer.alloc(0)));
      expect(info).toEqual({ key: EMPTY_SHA256, size: 0, sha256: EMPTY_SHA256 });
      const back = await collect(await store.get(EMPTY_SHA256));
      expect(back.error).toBeUndefined();
      expect(back.data.length).toBe(0);
      expect(await store.stat(EMPTY_SHA256)).toEqual(info);
      await expectStorageError(store.getRange(EMPTY_SHA256, 0, 0), 'BLOB_RANGE_INVALID');
    });

    test('large stream (160 MiB) is streamed with bounded memory both ways', async () => {
      const total = 160 * MiB;
      // A body held whole would grow the process by at least `total`. Streamed, growth is the chunks
      // not yet collected: GC timing (two test workers on two cores) lets them reach ~80 MiB.
      const bound = 100 * MiB;
      const generated = generatedStream(total);
      const { result: info, growth: putGrowth } = await peakRssGrowth(() => store.put(generated.stream));
      expect(info.size).toBe(total);
      expect(info.key).toBe(generated.digest());
      expect(putGrowth).toBeLessThan(bound);

      const { result: read, growth: getGrowth } = await peakRssGrowth(async () => {
        const stream = await store.get(info.key);
        const hash = createHash('sha256');
        let size = 0;
        for await (const chunk of stream) {
          hash.update(chunk as Buffer);
          size += (chunk as Buffer).length;
        }
        return { size, sha256: hash.digest('hex') };
      });
      expect(read).toEqual({ size: total, sha256: info.key });
      expect(getGrowth).toBeLessThan(bound);
      await store.delete(info.key);
    }, 180_000);

    describe('ranges', () => {
      const data = patternBytes(200_000, 'ranges');
      let key: string;
      beforeAll(async () => {
        key = (await store.put(streamOf(data))).key;
      });

      test.each([
        ['first byte', 0, 0],
        ['last byte', 199_999, 199_999],
        ['middle span', 65_530, 131_080],
        ['whole blob', 0, 199_999],
      ])('%s', async (_label, start, end) => {
        const got = await collect(await store.getRange(key, start, end));
        expect(got.error).toBeUndefined();
        expect(got.data.equals(data.subarray(start, end + 1))).toBe(true);
      });

      test.each([
        ['start past the end', 200_000, 200_000],
        ['end past the end', 0, 200_000],
        ['negative start', -1, 10],
        ['start after end', 10, 9],
        ['fractional', 1.5, 3],
        ['NaN', Number.NaN, 3],
      ])('rejects %s', async (_label, start, end) => {
        await expectStorageError(store.getRange(key, start, end), 'BLOB_RANGE_INVALID');
      });

      test('range of a missing blob', async () => {
        await expectStorageError(store.getRange(sha256Hex(Buffer.from('absent-range')), 0, 0), 'BLOB_NOT_FOUND');
      });
    });

    test('stat / has / delete', async () => {
      const data = patternBytes(1234, 'lifecycle');
      const info = await store.put(streamOf(data));
      expect(await store.has(info.key)).toBe(true);
      expect((await store.stat(info.key)).size).toBe(1234);
      const before = await harness.countStored();
      await store.delete(info.key);
      expect(await harness.countStored()).toBe(before - 1);
      expect(await store.has(info.key)).toBe(false);
      await expectStorageError(store.stat(info.key), 'BLOB_NOT_FOUND');
      await expectStorageError(store.get(info.key), 'BLOB_NOT_FOUND');
      await expect(store.delete(info.key)).resolves.toBeUndefined();
    });

    test('missing and malformed keys', async () => {
      const absent = sha256Hex(Buffer.from('never stored'));
      expect(await store.has(absent)).toBe(false);
      await expectStorageError(store.get(absent), 'BLOB_NOT_FOUND');
      await expectStorageError(store.stat(absent), 'BLOB_NOT_FOUND');
      await expectStorageError(store.verify(absent), 'BLOB_NOT_FOUND');
      for (const bad of ['../../etc/passwd', absent.toUpperCase(), absent.slice(1), '', `${absent}/x`]) {
        expect(await store.has(bad)).toBe(false);
        await expectStorageError(store.get(bad), 'BLOB_NOT_FOUND');
        await expectStorageError(store.stat(bad), 'BLOB_NOT_FOUND');
        await expectStorageError(store.delete(bad), 'BLOB_NOT_FOUND');
      }
    });

    test('corrupted small blob: stream errors with BLOB_CORRUPT and delivers no bytes', async () => {
      const data = patternBytes(4000, 'corrupt-small');
      const info = await store.put(streamOf(data));
      await flipByte(harness.storedFilePath(info.key), 1234);
      const got = await collect(await store.get(info.key));
      expect(got.error).toBeInstanceOf(StorageError);
      expect((got.error as StorageError).code).toBe('BLOB_CORRUPT');
      expect(got.data.length).toBe(0);
      await expectStorageError(store.verify(info.key), 'BLOB_CORRUPT');
      await store.delete(info.key);
    });

    test('corrupted large blob: the consumer never receives the full content', async () => {
      const data = patternBytes(3 * MiB, 'corrupt-large');
      const info = await store.put(streamOf(data));
      await flipByte(harness.storedFilePath(info.key), 2 * MiB + 5);
      const got = await collect(await store.get(info.key));
      expect((got.error as StorageError | undefined)?.code).toBe('BLOB_CORRUPT');
      expect(got.data.length).toBeLessThan(data.length);
      // What was delivered is a prefix of what is stored; the stream was cut, not silently altered.
      const stored = Buffer.from(data);
      stored[2 * MiB + 5] = (stored[2 * MiB + 5] ?? 0) ^ 0x01;
      expect(got.data.equals(stored.subarray(0, got.data.length))).toBe(true);
      await store.delete(info.key);
    });

    test('maxBytes exceeded: BLOB_TOO_LARGE and nothing left behind', async () => {
      const data = patternBytes(100_000, 'too-large');
      const before = await harness.countStored();
      await expectStorageError(store.put(streamOf(data, 4096), { maxBytes: 99_999 }), 'BLOB_TOO_LARGE');
      expect(await harness.countStored()).toBe(before);
      expect(await harness.listTempFiles()).toEqual([]);
      expect(await store.has(sha256Hex(data))).toBe(false);
      // The limit is inclusive.
      const ok = await store.put(streamOf(data), { maxBytes: 100_000 });
      expect(ok.key).toBe(sha256Hex(data));
      expect(await harness.listTempFiles()).toEqual([]);
    });

    test('a failing source rejects put with its own error and leaves no temp file', async () => {
      const before = await harness.countStored();
      await expect(store.put(failingStream(70_000))).rejects.toThrow('upload aborted by client');
      expect(await harness.countStored()).toBe(before);
      expect(await harness.listTempFiles()).toEqual([]);
    });

    test('concurrent puts of the same content', async () => {
      const data = patternBytes(2 * MiB + 3, 'concurrent');
      const before = await harness.countStored();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_unused, i) => store.put(streamOf(data, 8192 * (i + 1)))),
      );
      for (const r of results) expect(r).toEqual(results[0]);
      expect(results[0]?.key).toBe(sha256Hex(data));
      expect(await harness.countStored()).toBe(before + 1);
      expect(await harness.listTempFiles()).toEqual([]);
      const back = await collect(await store.get(sha256Hex(data)));
      expect(back.error).toBeUndefined();
      expect(back.data.equals(data)).toBe(true);
    });
  });
}
