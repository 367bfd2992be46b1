import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { createLocalBlobStore, StorageError } from '../../storage';
import { registerBlobStoreContract } from './contract';
import { collect, listFiles, patternBytes, sha256Hex, streamOf } from './fixtures';

let root = '';

registerBlobStoreContract('local filesystem', {
  async create() {
    root = await mkdtemp(join(tmpdir(), 'vanban-local-blobs-'));
    return createLocalBlobStore({ root });
  },
  async destroy() {
    await rm(root, { recursive: true, force: true });
  },
  storedFilePath: (key) => join(root, key.slice(0, 2), key.slice(2, 4), key),
  async countStored() {
    const files = await listFiles(root);
    return files.filter((f) => !relative(root, f).startsWith(`.tmp${sep}`)).length;
  },
  listTempFiles: () => listFiles(join(root, '.tmp')),
});

describe('local filesystem specifics', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vanban-local-extra-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('layout is root/ab/cd/<sha256>', async () => {
    const store = await createLocalBlobStore({ root: dir });
    const data = Buffer.from('Công văn số 123/UBND-VP', 'utf8');
    const { key } = await store.put(streamOf(data));
    const files = (await listFiles(dir)).map((f) => relative(dir, f));
    expect(files).toContain(join(key.slice(0, 2), key.slice(2, 4), key));
  });

  test('putting the same bytes again repairs a corrupted copy', async () => {
    const store = await createLocalBlobStore({ root: dir });
    const data = patternBytes(10_000, 'repair');
    const { key } = await store.put(streamOf(data));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, key.slice(0, 2), key.slice(2, 4), key), Buffer.alloc(10_000));
    await expect(store.verify(key)).rejects.toMatchObject({ code: 'BLOB_CORRUPT' });
    await store.put(streamOf(data));
    expect((await collect(await store.get(key))).data.equals(data)).toBe(true);
  });

  test('a truncated file: getRange bounds follow the real size, get detects the damage', async () => {
    const store = await createLocalBlobStore({ root: dir });
    const data = patternBytes(10_000, 'truncate');
    const { key } = await store.put(streamOf(data));
    const { truncate } = await import('node:fs/promises');
    await truncate(join(dir, key.slice(0, 2), key.slice(2, 4), key), 5_000);
    // The stat-based bound check now refuses ranges beyond the truncated size...
    await expect(store.getRange(key, 0, 9_999)).rejects.toMatchObject({ code: 'BLOB_RANGE_INVALID' });
    // ...and the full read detects the damage.
    const got = await collect(await store.get(key));
    expect(got.error).toBeInstanceOf(StorageError);
    expect((got.error as StorageError).code).toBe('BLOB_CORRUPT');
    expect(sha256Hex(got.data)).not.toBe(key);
  });

  test('stale temp files from a crashed upload are swept at start, fresh ones are kept', async () => {
    const { mkdir, utimes, writeFile } = await import('node:fs/promises');
    const root2 = join(dir, 'sweep');
    await mkdir(join(root2, '.tmp'), { recursive: true });
    const stale = join(root2, '.tmp', 'crashed.part');
    const fresh = join(root2, '.tmp', 'in-progress.part');
    await writeFile(stale, 'partial');
    await writeFile(fresh, 'partial');
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    await utimes(stale, twoDaysAgo, twoDaysAgo);
    await createLocalBlobStore({ root: root2 });
    expect(await listFiles(join(root2, '.tmp'))).toEqual([fresh]);
  });

  test('abandoning a read early closes the file', async () => {
    const { readdir } = await import('node:fs/promises');
    const store = await createLocalBlobStore({ root: dir });
    const data = patternBytes(4 * 1024 * 1024, 'abandon');
    const { key } = await store.put(streamOf(data));
    const openFds = async (): Promise<number> => (await readdir('/proc/self/fd')).length;
    const before = await openFds();
    const streams = await Promise.all([store.get(key), store.getRange(key, 10, 3_000_000)]);
    expect(await openFds()).toBeGreaterThanOrEqual(before + 2);
    for (const stream of streams) {
      for await (const _chunk of stream) break; // for-await's break destroys the stream
    }
    // Closing is asynchronous: wait for the count to come back (a leak keeps it up until the deadline).
    for (const until = Date.now() + 10_000; (await openFds()) !== before && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await openFds()).toBe(before);
  });

  test('an unusable root is STORAGE_UNAVAILABLE', async () => {
    const { writeFile } = await import('node:fs/promises');
    const file = join(dir, 'not-a-directory');
    await writeFile(file, 'x');
    await expect(createLocalBlobStore({ root: join(file, 'sub') })).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
    });
  });
});
