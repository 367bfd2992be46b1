import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createLocalBlobStore, type BlobStore } from '../../../storage';
import { rememberedBlobs } from '../../../server/blobs/remembered-blobs';

describe('rememberedBlobs: small images read once', () => {
  let dir: string;
  let store: BlobStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-remembered-'));
    store = await createLocalBlobStore({ root: dir });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const put = async (bytes: Buffer) => (await store.put(Readable.from([bytes]))).key;

  it('reads a blob from the store once, then from memory, least recently used dropped first', async () => {
    const keys = [await put(Buffer.from('ảnh con dấu 1')), await put(Buffer.from('ảnh con dấu 2')), await put(Buffer.from('chữ ký 3'))];
    const reads = jest.spyOn(store, 'get');
    const images = rememberedBlobs(store, { maxEntries: 2, maxBytes: 1024 });
    expect((await images.read(keys[0])).toString()).toBe('ảnh con dấu 1');
    expect((await images.read(keys[0])).toString()).toBe('ảnh con dấu 1');
    expect(reads).toHaveBeenCalledTimes(1);
    await images.read(keys[1]);
    await images.read(keys[0]); // the most recent again: keys[1] is now the oldest
    await images.read(keys[2]);
    expect(reads).toHaveBeenCalledTimes(3);
    await images.read(keys[0]);
    expect(reads).toHaveBeenCalledTimes(3);
    await images.read(keys[1]);
    expect(reads).toHaveBeenCalledTimes(4);
  });

  it('keeps neither a blob over the size limit nor a failed read', async () => {
    const big = await put(Buffer.alloc(4096, 7));
    const reads = jest.spyOn(store, 'get');
    const images = rememberedBlobs(store, { maxEntries: 10, maxBytes: 1024 });
    expect((await images.read(big)).length).toBe(4096);
    await new Promise((r) => setImmediate(r));
    await images.read(big);
    expect(reads).toHaveBeenCalledTimes(2);
    const later = Buffer.from('tải lên sau');
    const { createHash } = await import('node:crypto');
    const key = createHash('sha256').update(later).digest('hex');
    await expect(images.read(key)).rejects.toMatchObject({ code: 'BLOB_NOT_FOUND' });
    await new Promise((r) => setImmediate(r));
    await put(later);
    expect((await images.read(key)).toString()).toBe('tải lên sau');
  });
});
