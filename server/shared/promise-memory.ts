export interface PromiseMemoryOptions<T> {
  /** Results kept at most (least recently used dropped first). */
  maxEntries: number;
  /** How long a result is served; without it, until it is dropped. */
  ttlMs?: number;
  /** Whether a result is worth keeping, judged once it arrives (a large file, say, is not). */
  keep?: (value: T) => boolean;
  now?: () => number;
}

/**
 * Results of an asynchronous look-up, by key: concurrent calls for one key share one promise, at most `maxEntries` are
 * kept, the least recently used dropped first, and a failure is never kept (the next call tries again).
 */
export function promiseMemory<T>(opts: PromiseMemoryOptions<T>): (key: string, load: () => Promise<T>) => Promise<T> {
  const now = opts.now ?? Date.now;
  const kept = new Map<string, { value: Promise<T>; until: number }>();
  return (key, load) => {
    const at = now();
    const hit = kept.get(key);
    kept.delete(key);
    if (hit && hit.until > at) {
      // Most recently used last: the first key is the one to drop.
      kept.set(key, hit);
      return hit.value;
    }
    const entry = { value: load(), until: opts.ttlMs === undefined ? Infinity : at + opts.ttlMs };
    const forget = () => {
      if (kept.get(key) === entry) kept.delete(key);
    };
    entry.value.then((value) => {
      if (opts.keep && !opts.keep(value)) forget();
    }, forget);
    kept.set(key, entry);
    while (kept.size > opts.maxEntries) kept.delete(kept.keys().next().value!);
    return entry.value;
  };
}
