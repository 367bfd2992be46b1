import { promises as fsp } from 'fs';
import { PdfError } from './errors';

/** Random-access byte source: the reader never loads a whole file. */
export interface PdfSource {
  readonly size: number;
  /** Returns up to `length` bytes from `offset` (shorter only at end of source). */
  read(offset: number, length: number): Promise<Buffer>;
  /** Fills `target` from `offset` (fewer bytes only at end of source); lets hashing reuse one buffer. */
  readInto?(target: Buffer, offset: number): Promise<number>;
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
  const fill = async (buf: Buffer, offset: number, length: number): Promise<number> => {
    const start = Math.max(0, Math.min(offset, size));
    const len = Math.max(0, Math.min(length, size - start));
    let got = 0;
    while (got < len) {
      const { bytesRead } = await fh.read(buf, got, len - got, start + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got;
  };
  return {
    size,
    async read(offset: number, length: number): Promise<Buffer> {
      const buf = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - Math.max(0, Math.min(offset, size)))));
      const got = await fill(buf, offset, buf.length);
      return got === buf.length ? buf : buf.subarray(0, got);
    },
    readInto: (target: Buffer, offset: number): Promise<number> => fill(target, offset, target.length),
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
