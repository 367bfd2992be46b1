import { readBlob, type BlobStore } from '../../storage';
import { promiseMemory } from '../shared/promise-memory';

export interface RememberedBlobs {
  /** The blob's whole bytes (shared: not to be modified). */
  read(key: string): Promise<Buffer>;
}

/**
 * Small blobs read whole and kept: a seal or signature image is read on every signing. A key is the hash of its bytes,
 * so what is kept is never stale. At most `maxEntries` are kept, least recently used dropped first; a blob larger than
 * `maxBytes` is read every time, and a failed read is not kept.
 */
export function rememberedBlobs(blobs: BlobStore, opts: { maxEntries: number; maxBytes: number }): RememberedBlobs {
  const remembered = promiseMemory<Buffer>({ maxEntries: opts.maxEntries, keep: (bytes) => bytes.length <= opts.maxBytes });
  return { read: (key) => remembered(key, () => readBlob(blobs, key)) };
}
