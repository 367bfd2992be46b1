import type { BlobStore } from './blob-store';

/** A stored blob's whole bytes (small files: images, PDFs sealed in memory). */
export async function readBlob(blobs: BlobStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await blobs.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
