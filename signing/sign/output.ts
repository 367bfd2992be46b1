import { constants as fsConstants, promises as fsp } from 'fs';
import { Writable } from 'stream';
import { Hash } from 'crypto';
import { PdfSource } from '../pdf';

/** A sequential byte sink: a file (written through a temp name, renamed at the end) or a stream. */
export interface ByteSink {
  write(buf: Buffer): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

export async function fileSink(path: string): Promise<ByteSink> {
  const tmp = `${path}.${process.pid}.${Date.now()}.part`;
  const fh = await fsp.open(tmp, 'w');
  return {
    async write(buf) {
      let off = 0;
      while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
    },
    async finish() {
      await fh.close();
      await fsp.rename(tmp, path);
    },
    async abort() {
      await fh.close().catch(() => undefined);
      await fsp.rm(tmp, { force: true });
    },
  };
}

export function streamSink(w: Writable): ByteSink {
  return {
    write(buf) {
      return new Promise((resolve, reject) => {
        const ok = w.write(buf, (err) => (err ? reject(err) : undefined));
        if (ok) resolve();
        else w.once('drain', resolve);
      });
    },
    finish() {
      return new Promise((resolve, reject) => w.end((err?: Error | null) => (err ? reject(err) : resolve())));
    },
    async abort() {
      w.destroy();
    },
  };
}

export function bufferSink(): ByteSink & { result(): Buffer } {
  const parts: Buffer[] = [];
  return {
    async write(buf) {
      parts.push(Buffer.from(buf));
    },
    async finish() {},
    async abort() {},
    result: () => Buffer.concat(parts),
  };
}

const CHUNK = 1 << 20;

/**
 * Streams the whole source into the hash and the sink with one read ahead, so memory stays at
 * two chunks whatever the file size.
 */
export async function copyAndHash(src: PdfSource, hash: Hash, sink: ByteSink): Promise<void> {
  let pending: Promise<Buffer> | undefined = src.size > 0 ? src.read(0, CHUNK) : undefined;
  for (let pos = 0; pending; ) {
    const buf = await pending;
    pos += buf.length;
    pending = pos < src.size && buf.length > 0 ? src.read(pos, CHUNK) : undefined;
    hash.update(buf);
    await sink.write(buf);
  }
}

/** Hashes the whole source with one read ahead (no output). */
export async function hashSource(src: PdfSource, hash: Hash): Promise<void> {
  let pending: Promise<Buffer> | undefined = src.size > 0 ? src.read(0, CHUNK) : undefined;
  for (let pos = 0; pending; ) {
    const buf = await pending;
    pos += buf.length;
    pending = pos < src.size && buf.length > 0 ? src.read(pos, CHUNK) : undefined;
    hash.update(buf);
  }
}

const FILE_CHUNK = 4 << 20;

/**
 * Hashes the first `size` bytes of a file reading into two reused buffers (one being hashed,
 * one being filled): no per-chunk allocation, so no garbage to collect on big files.
 */
export async function hashFile(path: string, size: number, hash: Hash): Promise<void> {
  const fh = await fsp.open(path, 'r');
  try {
    const bufs = [Buffer.allocUnsafe(Math.min(FILE_CHUNK, Math.max(1, size))), Buffer.allocUnsafe(Math.min(FILE_CHUNK, Math.max(1, size)))];
    const readAt = (i: number, pos: number): Promise<number> =>
      fh.read(bufs[i], 0, Math.min(bufs[i].length, size - pos), pos).then((r) => r.bytesRead);
    let pos = 0;
    let i = 0;
    let pending: Promise<number> | undefined = size > 0 ? readAt(0, 0) : undefined;
    while (pending) {
      const n = await pending;
      if (n === 0) throw new Error('file shorter than expected');
      const next = pos + n;
      pending = next < size ? readAt(1 - i, next) : undefined;
      hash.update(bufs[i].subarray(0, n));
      pos = next;
      i = 1 - i;
    }
  } finally {
    await fh.close();
  }
}

/**
 * File to file: the kernel copies the bytes (copy_file_range / reflink) on the thread pool while
 * this thread hashes them, then the update is appended. Same result as `copyAndHash`, less CPU.
 */
export async function copyFileAndHash(inputPath: string, src: PdfSource, hash: Hash, outputPath: string): Promise<ByteSink> {
  const tmp = `${outputPath}.${process.pid}.${Date.now()}.part`;
  // FICLONE: a reflink where the filesystem has them (no bytes written), a kernel copy elsewhere.
  const copied = fsp.copyFile(inputPath, tmp, fsConstants.COPYFILE_FICLONE);
  try {
    await Promise.all([hashFile(inputPath, src.size, hash), copied]);
  } catch (e) {
    await copied.catch(() => undefined);
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  const fh = await fsp.open(tmp, 'r+');
  const { size } = await fh.stat();
  if (size !== src.size) {
    await fh.close();
    await fsp.rm(tmp, { force: true });
    throw new Error(`input changed while signing (${size} != ${src.size} bytes)`);
  }
  let pos = size;
  return {
    async write(buf) {
      let off = 0;
      while (off < buf.length) {
        const { bytesWritten } = await fh.write(buf, off, buf.length - off, pos);
        off += bytesWritten;
        pos += bytesWritten;
      }
    },
    async finish() {
      await fh.close();
      await fsp.rename(tmp, outputPath);
    },
    async abort() {
      await fh.close().catch(() => undefined);
      await fsp.rm(tmp, { force: true });
    },
  };
}

