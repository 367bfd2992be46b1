import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Zip, ZipDeflate } from 'fflate';
import yauzl from 'yauzl';
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

function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // Names are checked here (decodeStrings off): a trick is reported as such, not as a broken archive.
    yauzl.open(zipPath, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false }, (err, zip) => (err ? reject(err) : resolve(zip)));
  });
}

function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      if (entries.length > 1000) reject(new EdxmlError('EDXML_BAD_ZIP', 'Tệp nén đính kèm có quá nhiều mục'));
      else zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

const entryName = (entry: yauzl.Entry) => (Buffer.isBuffer(entry.fileName) ? entry.fileName.toString('utf8') : String(entry.fileName));

/**
 * Unpacks the single file an edXML attachment's zip carries into `outPath`, streamed through the
 * native inflater. Refuses path tricks, several files, and output beyond `maxBytes`: a declared size
 * over the cap is refused before inflating, and a size that lies is caught by yauzl's check and by
 * our own count (a zip bomb stops at the cap, not at the end of the disk).
 */
export async function unzipSingleFile(zipPath: string, outPath: string, maxBytes: number): Promise<UnzippedFile> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (err) {
    throw new EdxmlError('EDXML_BAD_ZIP', 'Tệp nén đính kèm bị hỏng', (err as Error).message);
  }
  try {
    const entries = await listEntries(zip).catch((err: unknown) => {
      throw err instanceof EdxmlError ? err : new EdxmlError('EDXML_BAD_ZIP', 'Tệp nén đính kèm bị hỏng', (err as Error).message);
    });
    const files: yauzl.Entry[] = [];
    for (const entry of entries) {
      const name = entryName(entry);
      if (name.endsWith('/') && !isUnsafeEntryName(name.slice(0, -1))) continue; // a folder entry
      if (isUnsafeEntryName(name)) throw new EdxmlError('EDXML_UNSAFE_PATH', `Tệp nén đính kèm chứa đường dẫn không an toàn: ${name.slice(0, 100)}`);
      files.push(entry);
    }
    if (files.length === 0) throw new EdxmlError('EDXML_BAD_ZIP', 'Tệp nén đính kèm không chứa tệp nào');
    if (files.length > 1) throw new EdxmlError('EDXML_BAD_ZIP', 'Mỗi tệp nén đính kèm chỉ được chứa một tệp');
    const [entry] = files;
    if (entry.uncompressedSize > maxBytes) throw new EdxmlError('EDXML_ATTACHMENT_TOO_LARGE', 'Tệp đính kèm sau khi giải nén vượt quá dung lượng cho phép (nghi ngờ "bom nén")');
    const hash = createHash('sha256');
    let size = 0;
    try {
      const source = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream))));
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > maxBytes) throw new EdxmlError('EDXML_ATTACHMENT_TOO_LARGE', 'Tệp đính kèm sau khi giải nén vượt quá dung lượng cho phép (nghi ngờ "bom nén")');
            hash.update(chunk);
            yield chunk;
          }
        },
        fs.createWriteStream(outPath, { flags: 'wx', mode: 0o600 }),
      );
    } catch (err) {
      throw err instanceof EdxmlError ? err : new EdxmlError('EDXML_BAD_ZIP', 'Tệp nén đính kèm bị hỏng', (err as Error).message);
    }
    return { entryName: entryName(entry), size, sha256: hash.digest('hex') };
  } finally {
    zip.close();
  }
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
