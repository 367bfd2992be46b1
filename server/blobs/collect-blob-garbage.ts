import fs from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { BlobStore } from '../../storage';
import { deleteExpiredLeases, hasLiveLease, lockBlobKey } from './blobs.repository';
import { isBlobReferenced, unknownKeyColumns } from './blob-references';

export const BLOB_GC_JOB = 'blob-gc';

export interface BlobCollectorOptions {
  db: Knex;
  /** The raw store (not the leased wrapper): the collector is the one that deletes. */
  blobs: BlobStore;
  logger: Logger;
  /** Blobs written more recently than this are left alone (an upload may still be finishing). */
  graceMs: number;
  /** Server temp folder (signing work files) swept like the store's own temp files. */
  tempDir?: string;
  now?: () => Date;
}

export interface CollectionReport {
  deletedBlobs: number;
  removedTempFiles: number;
  refused?: string;
}

async function sweepTempDir(dir: string, cutoff: number): Promise<number> {
  let removed = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    const s = await fs.stat(full).catch(() => null);
    if (!s || s.mtimeMs >= cutoff) continue;
    await fs.rm(full, { recursive: true, force: true }).catch(() => undefined);
    removed += 1;
  }
  return removed;
}

/**
 * Deletes blobs nothing references (leftovers of failed or crashed uploads) and stale temp files.
 * Each deletion happens under the blob's lock with no live lease, so it cannot race an upload.
 */
export async function collectBlobGarbage(opts: BlobCollectorOptions): Promise<CollectionReport> {
  const now = opts.now?.() ?? new Date();
  const cutoff = now.getTime() - opts.graceMs;
  let removedTempFiles = await opts.blobs.sweepTemp(opts.graceMs);
  if (opts.tempDir) removedTempFiles += await sweepTempDir(opts.tempDir, cutoff);
  await deleteExpiredLeases(opts.db, now);
  const unknown = await unknownKeyColumns(opts.db);
  if (unknown.length > 0) {
    // A column this collector does not know may hold blob keys: deleting now could lose files.
    opts.logger.error({ columns: unknown }, 'blob collection refused: add these columns to server/blobs/blob-references.ts');
    return { deletedBlobs: 0, removedTempFiles, refused: unknown.join(', ') };
  }
  let deletedBlobs = 0;
  for await (const blob of opts.blobs.list()) {
    if (blob.modifiedAt.getTime() >= cutoff) continue;
    const deleted = await opts.db.transaction(async (trx) => {
      await lockBlobKey(trx, blob.key);
      if ((await hasLiveLease(trx, blob.key, now)) || (await isBlobReferenced(trx, blob.key))) return false;
      await opts.blobs.delete(blob.key);
      return true;
    });
    if (deleted) deletedBlobs += 1;
  }
  if (deletedBlobs + removedTempFiles > 0) opts.logger.info({ deletedBlobs, removedTempFiles }, 'blob collection');
  return { deletedBlobs, removedTempFiles };
}
