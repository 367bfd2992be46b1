import { createHash } from 'crypto';

/**
 * Parsing is a pure function of the bytes, and with pkijs it is the dominant cost of checking a
 * signature (a CMS with its certificates takes milliseconds; the signature math takes tens of
 * microseconds). A document's leader signature is parsed when the leader's file is checked and again
 * in every later revision of it (sealed, delivered, archived): remember parses per process, keyed
 * by the SHA-256 of the exact bytes. Only the parse is remembered, never a verdict: digests,
 * signatures, chains, validity times and revocation are still checked on every call.
 *
 * The cached objects are shared: callers must treat them as read-only (the verifier does).
 */
export class ParseCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit: number) {}

  static keyOf(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('base64');
  }

  /** The parse of `bytes`, from the cache or from `parse` (a throw is not remembered). */
  get(bytes: Buffer, parse: () => T): T {
    const key = ParseCache.keyOf(bytes);
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Most recently used last: Map keeps insertion order, so the first key is the eviction candidate.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = parse();
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
