import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { StorageError, type BlobInfo, type BlobStore, type PutOptions } from '../../storage';
import { currentContext } from '../http/request-context';
import { currentTransaction } from '../shared/unit-of-work';
import { hasLiveLease, lockAndLease, lockBlobKey, releaseLeases } from './blobs.repository';
import { isBlobReferenced } from './blob-references';

export interface LeasedBlobStore extends BlobStore {
  /**
   * Gives up this request's claim on a blob it stored (its upload failed): the blob is deleted only
   * if no row references it and no other request holds a live lease on it.
   */
  release(key: string): Promise<void>;
}

export interface LeaseOptions {
  db: Knex;
  /** How long a stored-but-not-yet-referenced blob is protected; longer than any request. */
  leaseMs: number;
  now?: () => Date;
}

/**
 * Content addressing means two requests can store the same bytes: one failing must not delete what
 * the other is about to commit. Every put takes a lease (under a per-key lock, after checking the
 * blob is really there); deletion happens only under the same lock, with no live lease and no
 * reference. Requests never call `delete`: they `release`, the collector deletes.
 */
export function leasedBlobStore(inner: BlobStore, opts: LeaseOptions): LeasedBlobStore {
  const now = opts.now ?? (() => new Date());
  const holder = () => currentContext()?.requestId ?? `anon:${randomUUID()}`;
  return {
    ...inner,
    async put(stream: Readable, putOpts?: PutOptions): Promise<BlobInfo> {
      const info = await inner.put(stream, putOpts);
      const lease = async (trx: Knex.Transaction) => {
        // The key's lock and the lease in one statement; the lease is rolled back with the transaction below if the file is gone.
        await lockAndLease(trx, info.key, holder(), new Date(now().getTime() + opts.leaseMs));
        // A collector that took the lock between our write and now may have removed it: say so, retryable.
        if (!(await inner.has(info.key))) throw new StorageError('STORAGE_UNAVAILABLE', 'Kho lưu trữ vừa dọn tệp này, vui lòng gửi lại.');
      };
      // Inside a unit of work the lease (and the key lock, held to its commit) join it: a release or
      // a collection of the same key waits until the reference it is about to write is visible.
      const outer = currentTransaction();
      if (outer) await lease(outer);
      else await opts.db.transaction(lease);
      return info;
    },
    async release(key: string): Promise<void> {
      const me = currentContext()?.requestId;
      if (!me) return; // not ours to judge: the collector decides once the lease expires
      const settle = async (trx: Knex.Transaction) => {
        await lockBlobKey(trx, key);
        await releaseLeases(trx, key, me);
        if (!(await hasLiveLease(trx, key, now())) && !(await isBlobReferenced(trx, key))) await inner.delete(key);
      };
      const outer = currentTransaction();
      if (outer) await settle(outer);
      else await opts.db.transaction(settle);
    },
  };
}
