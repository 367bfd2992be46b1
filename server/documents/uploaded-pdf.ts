import { parsePdfUpload, type ParsedUpload } from './multipart-upload';
import { discardBlob } from '../document-core/stored-files';
import type { WorkflowDeps } from '../document-core/workflow-deps';

/** Stores the uploaded PDF, runs `use`, and removes the file again if anything fails. */
export async function withUploadedPdf<T>(deps: Pick<WorkflowDeps, 'blobs' | 'db' | 'maxUploadBytes' | 'signing'>, req: Parameters<typeof parsePdfUpload>[0], beforeFile: ((f: Record<string, string>) => void) | undefined, use: (upload: ParsedUpload) => Promise<T>): Promise<T> {
  const upload = await parsePdfUpload(req, { blobs: deps.blobs, maxBytes: deps.maxUploadBytes, discard: (key) => discardBlob(deps.db, deps.blobs, key), beforeFile });
  try {
    if (upload.file) await deps.signing.assertReadablePdf(upload.file.blob.key);
    return await use(upload);
  } catch (err) {
    if (upload.file) await discardBlob(deps.db, deps.blobs, upload.file.blob.key).catch(() => undefined);
    throw err;
  }
}

