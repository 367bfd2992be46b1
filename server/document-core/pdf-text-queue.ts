import type { NewJob } from '../jobs/jobs.repository';

/**
 * The job that extracts a stored PDF's text for full-text search. Queued by the document core when
 * it stores a file version; its handler lives in `search/pdf-text-job.ts`.
 */
export const PDF_TEXT_JOB = 'pdf-text';

/** One job per file: files are content-addressed, so a file's text is extracted once. */
export const pdfTextJob = (fileKey: string): NewJob => ({ kind: PDF_TEXT_JOB, payload: { fileKey }, uniqueKey: `${PDF_TEXT_JOB}:${fileKey}` });
