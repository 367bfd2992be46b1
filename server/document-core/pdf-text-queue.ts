import type { NewJob } from '../jobs/jobs.repository';

/**
 * The job that extracts a stored PDF's text for full-text search. Queued by the document core when
 * it stores a file version; its handler lives in `search/pdf-text-job.ts`.
 */
export const PDF_TEXT_JOB = 'pdf-text';

/**
 * One job per file: files are content-addressed, so a file's text is extracted once. `sameTextAs`:
 * a file whose page text this one shares (an issued file is its draft plus the seal's update, which
 * adds annotations and field values, never page content): its stored text is copied instead of
 * running an extraction (a child Node process with pdfjs, ~0.4 s of CPU). Without a stored text
 * for it, the file is extracted as usual.
 */
export const pdfTextJob = (fileKey: string, sameTextAs?: string): NewJob => ({
  kind: PDF_TEXT_JOB,
  payload: sameTextAs ? { fileKey, sameTextAs } : { fileKey },
  uniqueKey: `${PDF_TEXT_JOB}:${fileKey}`,
});
