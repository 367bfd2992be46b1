import type { Knex } from 'knex';
import type { BlobStore } from '../../storage';
import type { LeasedBlobStore } from '../blobs/leased-blob-store';

/**
 * Gives up a blob this request stored and will not use. Blobs are content-addressed and may be shared
 * with a concurrent request or another document, so the leased store decides whether it may go;
 * a plain store (never used by the server) leaves it to garbage collection.
 */
export async function discardBlob(_db: Knex, blobs: BlobStore, key: string): Promise<void> {
  const release = (blobs as Partial<LeasedBlobStore>).release;
  if (release) await release.call(blobs, key);
}
