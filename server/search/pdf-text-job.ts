import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { BlobStore } from '../../storage';
import type { JobRow } from '../jobs/jobs.repository';
import { enqueueJob } from '../jobs/jobs.repository';
import { PDF_TEXT_JOB, pdfTextJob } from '../document-core/pdf-text-queue';
import { copyDocumentText, hasDocumentText, saveDocumentText } from './document-texts.repository';
import { extractPdfText } from './pdf-text';

export { PDF_TEXT_JOB, pdfTextJob };

/** Queued in the transaction that stores a file version; files are content-addressed, so once per file. */
export const enqueuePdfText = (db: Knex, fileKey: string): Promise<void> => enqueueJob(db, pdfTextJob(fileKey));

async function readAll(blobs: BlobStore, key: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of await blobs.get(key)) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error(`file ${key} is larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Extracts the text layer of a stored PDF for full-text search. A scan without text is recorded as
 * such (it stays findable by its metadata); a PDF that cannot be parsed is recorded as failed
 * rather than retried forever. A missing blob throws, so the job is retried.
 */
export function pdfTextJobHandler(deps: { db: Knex; blobs: BlobStore; logger: Logger; maxUploadBytes: number }) {
  return async (job: JobRow): Promise<void> => {
    const fileKey = String(job.payload.fileKey ?? '');
    if (!/^[0-9a-f]{64}$/.test(fileKey) || (await hasDocumentText(deps.db, fileKey))) return;
    // An issued file shares its draft's page text: copied when the draft's was extracted (see pdfTextJob).
    const sameTextAs = String(job.payload.sameTextAs ?? '');
    if (/^[0-9a-f]{64}$/.test(sameTextAs) && (await copyDocumentText(deps.db, sameTextAs, fileKey))) return;
    const pdf = await readAll(deps.blobs, fileKey, deps.maxUploadBytes);
    try {
      const { text, pages } = await extractPdfText(pdf);
      await saveDocumentText(deps.db, fileKey, text ? 'text' : 'no_text', text, pages);
    } catch (err) {
      deps.logger.warn({ err, fileKey }, 'PDF text extraction failed; the document stays searchable by its metadata');
      await saveDocumentText(deps.db, fileKey, 'failed', '', null);
    }
  };
}
