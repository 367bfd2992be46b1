import type { Request, Response } from 'express';
import { AppError } from '../shared/errors';
import type { DocumentRow } from '../document-core/documents.repository';
import { listVersions } from '../document-core/documents.repository';
import type { WorkflowDeps } from '../document-core/workflow-deps';

/** Streams the stored PDF; honours a single `Range` so the browser's viewer can fetch pieces. */
export async function sendDocumentFile(deps: Pick<WorkflowDeps, 'blobs' | 'db'>, doc: DocumentRow, version: number | undefined, req: Request, res: Response): Promise<void> {
  let key = doc.file_key;
  let name = doc.file_name ?? 'van-ban.pdf';
  if (version !== undefined) {
    const v = (await listVersions(deps.db, doc.id)).find((x) => x.version === version);
    if (!v) throw new AppError('NOT_FOUND', `Không có phiên bản ${version}`);
    key = v.file_key;
    name = v.file_name;
  }
  if (!key) throw new AppError('NOT_FOUND', 'Văn bản không có tệp điện tử (văn bản mật chỉ lưu thông tin)');
  const { size } = await deps.blobs.stat(key);
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.setHeader('ETag', `"${key}"`);
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  let stream;
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) {
      res.status(416).setHeader('Content-Range', `bytes */${size}`);
      res.end();
      return;
    }
    stream = await deps.blobs.getRange(key, start, end);
    res.status(206).setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    res.setHeader('Content-Length', String(end - start + 1));
  } else {
    stream = await deps.blobs.get(key);
    res.status(200).setHeader('Content-Length', String(size));
  }
  await new Promise<void>((resolve) => {
    stream.on('error', () => {
      // Headers are out: the only honest signal left for a corrupt blob is a cut connection.
      res.destroy();
      resolve();
    });
    res.on('close', () => resolve());
    stream.pipe(res);
  });
}
