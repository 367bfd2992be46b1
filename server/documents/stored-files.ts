import type { Knex } from 'knex';
import type { BlobStore } from '../../storage';
import { countBlobReferences } from './documents.repository';

/** Blobs are content-addressed and may be shared by several documents: delete only unreferenced ones. */
export async function discardBlob(db: Knex, blobs: BlobStore, key: string): Promise<void> {
  if ((await countBlobReferences(db, key)) === 0) await blobs.delete(key);
}


/** Small blobs only (signature and seal images): documents are always streamed. */
export async function readBlob(blobs: BlobStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await blobs.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
