import { Hash } from 'crypto';

/**
 * SHA-256 of the unchanged prefix of the file, finished later with the bytes of the update
 * around /Contents (possibly more than once, when the placeholder is laid out again).
 */
export interface PrefixDigest {
  ready: Promise<void>;
  digestWith(parts: Buffer[]): Promise<Buffer>;
  close(): void;
}

/** Prefix hashed in this thread, by whoever feeds `hash`. */
export function localPrefixDigest(hash: Hash, ready: Promise<void>): PrefixDigest {
  ready.catch(() => undefined); // the failure surfaces through digestWith or the sink
  return {
    ready,
    async digestWith(parts) {
      await ready;
      const h = hash.copy();
      for (const p of parts) h.update(p);
      return h.digest();
    },
    close() {},
  };
}
