import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3BlobStore, parseS3Endpoint, type S3BlobStoreOptions } from '../../storage';
import { registerBlobStoreContract } from './contract';
import { listFiles, patternBytes, streamOf } from './fixtures';
import { startS3Peer, type S3Peer } from './s3rver-peer';

const OBJECT_SUFFIX = '._S3rver_object';

async function storeOptions(peer: S3Peer, spoolDir: string): Promise<S3BlobStoreOptions> {
  return {
    ...parseS3Endpoint(peer.endpoint),
    accessKey: peer.accessKey,
    secretKey: peer.secretKey,
    bucket: peer.bucket,
    spoolDir,
  };
}

let peer: S3Peer | undefined;
let spoolDir = '';

function requirePeer(): S3Peer {
  if (!peer) throw new Error('s3rver peer not started');
  return peer;
}

registerBlobStoreContract('S3 (s3rver)', {
  async create() {
    peer = await startS3Peer();
    spoolDir = await mkdtemp(join(tmpdir(), 'vanban-s3-spool-test-'));
    return createS3BlobStore(await storeOptions(peer, spoolDir));
  },
  async destroy() {
    await peer?.stop();
    await rm(spoolDir, { recursive: true, force: true });
  },
  storedFilePath: (key) => join(requirePeer().directory, requirePeer().bucket, 'blobs', `${key}${OBJECT_SUFFIX}`),
  async countStored() {
    const files = await listFiles(join(requirePeer().directory, requirePeer().bucket));
    return files.filter((f) => f.endsWith(OBJECT_SUFFIX)).length;
  },
  // The store makes its own spool directory inside spoolDir; any file in there is a leftover.
  listTempFiles: () => listFiles(spoolDir),
});

describe('S3 specifics', () => {
  let s3: S3Peer;
  let dir = '';
  beforeAll(async () => {
    s3 = await startS3Peer();
    dir = await mkdtemp(join(tmpdir(), 'vanban-s3-extra-'));
  });
  afterAll(async () => {
    await s3.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('creates the bucket, stores under blobs/<sha256> with x-amz-meta-sha256', async () => {
    const store = await createS3BlobStore(await storeOptions(s3, dir));
    // A second store on the same bucket must accept that it already exists.
    const again = await createS3BlobStore(await storeOptions(s3, dir));
    const { key } = await store.put(streamOf(patternBytes(1000, 's3-meta')), { contentType: 'application/pdf' });
    const { readFile } = await import('node:fs/promises');
    const metadata = JSON.parse(
      await readFile(join(s3.directory, s3.bucket, 'blobs', `${key}._S3rver_metadata.json`), 'utf8'),
    ) as Record<string, string>;
    expect(metadata['x-amz-meta-sha256']).toBe(key);
    expect(metadata['content-type']).toBe('application/pdf');
    expect(await again.has(key)).toBe(true);
    await store.close?.();
    await again.close?.();
    // close() removes the store's own spool directory.
    expect(await listFiles(dir)).toEqual([]);
  });

  test('an unreachable endpoint is STORAGE_UNAVAILABLE', async () => {
    const down = await startS3Peer();
    const options = await storeOptions(down, dir);
    await down.stop();
    await expect(createS3BlobStore(options)).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  });

  test('the backend going away after start is STORAGE_UNAVAILABLE, not BLOB_NOT_FOUND', async () => {
    const temporary = await startS3Peer();
    const store = await createS3BlobStore(await storeOptions(temporary, dir));
    const { key } = await store.put(streamOf(Buffer.from('văn bản đến')));
    await temporary.stop();
    await expect(store.stat(key)).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await expect(store.get(key)).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await expect(store.put(streamOf(Buffer.from('x')))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(await listFiles(dir)).toEqual([]);
    await store.close?.();
  });
});
