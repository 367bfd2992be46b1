import type { BlobStore } from './blob-store';
import { readBlob } from './read-blob';

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
  const kept = new Map<string, Promise<Buffer>>();
  return {
    read(key) {
      const known = kept.get(key);
      if (known) {
        kept.delete(key);
        kept.set(key, known);
        return known;
      }
      const reading = readBlob(blobs, key);
      kept.set(key, reading);
      reading.then(
        (bytes) => {
          if (bytes.length > opts.maxBytes) kept.delete(key);
        },
        () => kept.delete(key),
      );
      if (kept.size > opts.maxEntries) kept.delete(kept.keys().next().value!);
      return reading;
    },
  };
}
