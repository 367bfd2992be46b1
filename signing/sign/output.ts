import { promises as fsp } from 'fs';
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

/**
 * File to file: the kernel copies the bytes (copy_file_range / reflink) on the thread pool while
 * this thread hashes them, then the update is appended. Same result as `copyAndHash`, less CPU.
 */
export async function copyFileAndHash(inputPath: string, src: PdfSource, hash: Hash, outputPath: string): Promise<ByteSink> {
  const tmp = `${outputPath}.${process.pid}.${Date.now()}.part`;
  const copied = fsp.copyFile(inputPath, tmp);
  try {
    await Promise.all([hashSource(src, hash), copied]);
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
