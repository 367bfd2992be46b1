import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Unzip, UnzipInflate, Zip, ZipDeflate } from 'fflate';
import { EdxmlError } from './edxml-error';

export interface UnzippedFile {
  entryName: string;
  size: number;
  sha256: string;
}

/** A name inside an archive that could escape a folder or hide as another file is refused. */
export function isUnsafeEntryName(name: string): boolean {
  if (!name || name.includes('\0') || name.includes('\\')) return true;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return true;
  return name.split('/').some((part) => part === '..' || part === '.');
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function looksLikeZip(path: string): boolean {
  const fd = fs.openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    return fs.readSync(fd, head, 0, 4, 0) === 4 && head.equals(ZIP_MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Unpacks the single file an edXML attachment's zip carries, streaming, into `outPath`. Refuses
 * path tricks, several files, and output beyond `maxBytes` (a zip bomb stops at the cap, not at
 * the end of the disk).
 */
export async function unzipSingleFile(zipPath: string, outPath: string, maxBytes: number): Promise<UnzippedFile> {
  const out = fs.openSync(outPath, 'wx', 0o600);
  const hash = createHash('sha256');
  let entryName: string | null = null;
  let size = 0;
  let ended = false;
  let failure: unknown = null;
  const unzip = new Unzip((file) => {
    if (failure) return;
    if (file.name.endsWith('/') && !isUnsafeEntryName(file.name.slice(0, -1))) return; // a folder entry
    if (isUnsafeEntryName(file.name)) {
      failure = new EdxmlError('EDXML_UNSAFE_PATH', `Tệp nén đính kèm chứa đường dẫn không an toàn: ${file.name.slice(0, 100)}`);
      return;
    }
    if (entryName !== null) {
      failure = new EdxmlError('EDXML_BAD_ZIP', 'Mỗi tệp nén đính kèm chỉ được chứa một tệp');
      return;
    }
    if (file.originalSize !== undefined && file.originalSize > maxBytes) {
      failure = new EdxmlError('EDXML_ATTACHMENT_TOO_LARGE', 'Tệp đính kèm sau khi giải nén vượt quá dung lượng cho phép');
      return;
    }
    entryName = file.name;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = new EdxmlError('EDXML_BAD_ZIP', 'Tệp nén đính kèm bị hỏng', err.message);
        return;
      }
      size += chunk.length;
      if (size > maxBytes) {
        failure = new EdxmlError('EDXML_ATTACHMENT_TOO_LARGE', 'Tệp đính kèm sau khi giải nén vượt quá dung lượng cho phép (nghi ngờ "bom nén")');
        file.terminate();
        return;
      }
      hash.update(chunk);
      fs.writeSync(out, chunk);
      if (final) ended = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for await (const chunk of fs.createReadStream(zipPath, { highWaterMark: 256 * 1024 })) {
      unzip.push(chunk as Buffer);
      if (failure) throw failure;
    }
    unzip.push(new Uint8Array(0), true);
    if (failure) throw failure;
  } catch (err) {
    if (err instanceof EdxmlError) throw err;
    throw new EdxmlError('EDXML_BAD_ZIP', 'Tệp nén đính kèm bị hỏng', (err as Error).message);
  } finally {
    fs.closeSync(out);
  }
  if (entryName === null) throw new EdxmlError('EDXML_BAD_ZIP', 'Tệp nén đính kèm không chứa tệp nào');
  if (!ended) throw new EdxmlError('EDXML_BAD_ZIP', 'Tệp nén đính kèm bị cắt cụt');
  return { entryName, size, sha256: hash.digest('hex') };
}

/** Zips one file as a stream: yields the archive's bytes while reading the source. */
export async function* zipSingleFile(name: string, source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const pending: Uint8Array[] = [];
  let error: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) error = err;
    else pending.push(chunk);
  });
  const entry = new ZipDeflate(name, { level: 5 });
  zip.add(entry);
  for await (const chunk of source) {
    entry.push(chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk), false);
    if (error) throw error;
    while (pending.length) yield pending.shift()!;
  }
  entry.push(new Uint8Array(0), true);
  zip.end();
  if (error) throw error;
  while (pending.length) yield pending.shift()!;
}
