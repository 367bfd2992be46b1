import type { Readable } from 'node:stream';

/** A stored blob. `key` is the lowercase hex SHA-256 of the content, so `key === sha256`. */
export interface BlobInfo {
  key: string;
  size: number;
  sha256: string;
}

/** A blob as listed by `list`: when it was last written decides whether it may be an upload in progress. */
export interface ListedBlob {
  key: string;
  size: number;
  modifiedAt: Date;
}

export interface PutOptions {
  /** Reject (BLOB_TOO_LARGE) as soon as more than this many bytes arrive; nothing is left stored. */
  maxBytes?: number;
  contentType?: string;
}

/**
 * Content-addressed, immutable blob storage. All content moves as streams; no method buffers
 * a whole blob in memory.
 */
export interface BlobStore {
  /** Idempotent: the same bytes always yield the same key and a single stored object. */
  put(stream: Readable, opts?: PutOptions): Promise<BlobInfo>;
  /**
   * Streams the blob while re-hashing it. If the digest does not match the key, the stream
   * errors with BLOB_CORRUPT and the final chunk is withheld, so a consumer never receives
   * the complete (wrong) content as if it were valid.
   */
  get(key: string): Promise<Readable>;
  /**
   * Inclusive byte range, like HTTP `Range: bytes=start-end`. Out of bounds → BLOB_RANGE_INVALID.
   * A range cannot be checked against the whole-content hash: only its length is checked.
   * Full verification happens on `get` and `verify`.
   */
  getRange(key: string, start: number, end: number): Promise<Readable>;
  /** BLOB_NOT_FOUND if missing. */
  stat(key: string): Promise<BlobInfo>;
  has(key: string): Promise<boolean>;
  /** Idempotent: deleting a missing blob is not an error. */
  delete(key: string): Promise<void>;
  /** Reads the whole blob and checks its hash; BLOB_CORRUPT / BLOB_NOT_FOUND on failure. */
  verify(key: string): Promise<BlobInfo>;
  /** Every stored blob, in no particular order (garbage collection walks it). */
  list(): AsyncIterable<ListedBlob>;
  /** Removes upload temp files not written for `olderThanMs` (leftovers of a crash); returns how many. */
  sweepTemp(olderThanMs: number): Promise<number>;
  close?(): Promise<void>;
}
