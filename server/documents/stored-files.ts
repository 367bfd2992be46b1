import type { Knex } from 'knex';
import type { BlobStore } from '../../storage';
import { AppError } from '../http/errors';
import { countBlobReferences } from './documents.repository';

/** Blobs are content-addressed and may be shared by several documents: delete only unreferenced ones. */
export async function discardBlob(db: Knex, blobs: BlobStore, key: string): Promise<void> {
  if ((await countBlobReferences(db, key)) === 0) await blobs.delete(key);
}

/** A cheap structural check on the stored file: a PDF ends with an %%EOF marker. */
export async function assertPdfTrailer(blobs: BlobStore, key: string, size: number): Promise<void> {
  const start = Math.max(0, size - 2048);
  const stream = await blobs.getRange(key, start, size - 1);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  if (Buffer.concat(chunks).indexOf('%%EOF') < 0) throw new AppError('NOT_A_PDF', 'Tệp PDF không hoàn chỉnh (thiếu phần kết thúc %%EOF)');
}

/** Small blobs only (signature and seal images): documents are always streamed. */
export async function readBlob(blobs: BlobStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await blobs.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
