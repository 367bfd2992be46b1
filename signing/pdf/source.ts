import { promises as fsp } from 'fs';
import { PdfError } from './errors';

/** Random-access byte source: the reader never loads a whole file. */
export interface PdfSource {
  readonly size: number;
  /** Returns up to `length` bytes from `offset` (shorter only at end of source). */
  read(offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

export async function openFileSource(path: string): Promise<PdfSource> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(path, 'r');
  } catch (e) {
    throw new PdfError('PDF_IO', 'Không mở được tệp PDF.', `${path}: ${(e as Error).message}`);
  }
  const { size } = await fh.stat();
  return {
    size,
    async read(offset: number, length: number): Promise<Buffer> {
      const start = Math.max(0, Math.min(offset, size));
      const len = Math.max(0, Math.min(length, size - start));
      const buf = Buffer.allocUnsafe(len);
      let got = 0;
      while (got < len) {
        const { bytesRead } = await fh.read(buf, got, len - got, start + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === len ? buf : buf.subarray(0, got);
    },
    async close(): Promise<void> {
      await fh.close();
    },
  };
}

export function bufferSource(buf: Buffer): PdfSource {
  return {
    size: buf.length,
    async read(offset: number, length: number): Promise<Buffer> {
      const start = Math.max(0, Math.min(offset, buf.length));
      return buf.subarray(start, Math.min(buf.length, start + Math.max(0, length)));
    },
    async close(): Promise<void> {
      /* nothing to release */
    },
  };
}
