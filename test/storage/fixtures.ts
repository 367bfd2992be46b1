import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Deterministic, non-repeating pseudo-random bytes (SHA-256 in counter mode). */
export function patternBytes(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  for (let offset = 0, counter = 0; offset < size; counter++) {
    const block = createHash('sha256').update(`${seed}:${counter}`).digest();
    offset += block.copy(out, offset);
  }
  return out;
}

/** A stream over `data` delivered in chunks, so stores see multi-chunk input. */
export function streamOf(data: Buffer, chunkSize = 64 * 1024): Readable {
  let offset = 0;
  return new Readable({
    read(): void {
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      this.push(data.subarray(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

/**
 * A generated stream of `totalBytes` that is never held in memory; `digest()` gives the SHA-256
 * of what was produced once the stream has been read.
 */
export function generatedStream(totalBytes: number, chunkSize = 256 * 1024): { stream: Readable; digest(): string } {
  const base = patternBytes(chunkSize, 'large');
  const hash = createHash('sha256');
  let produced = 0;
  let index = 0;
  const stream = new Readable({
    read(): void {
      if (produced >= totalBytes) {
        this.push(null);
        return;
      }
      const size = Math.min(chunkSize, totalBytes - produced);
      const chunk = Buffer.from(base.subarray(0, size));
      chunk.writeUInt32BE(index++, 0); // every chunk differs, so no accidental repetition
      hash.update(chunk);
      produced += size;
      this.push(chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

/** A stream that delivers some bytes and then fails, like an aborted upload. */
export function failingStream(bytesBeforeFailure: number): Readable {
  let sent = false;
  return new Readable({
    read(): void {
      if (!sent) {
        sent = true;
        this.push(patternBytes(bytesBeforeFailure, 'failing'));
        return;
      }
      this.destroy(new Error('upload aborted by client'));
    },
  });
}

export interface Collected {
  data: Buffer;
  error?: unknown;
}

/** Reads a stream to its end or its error, keeping what was delivered before an error. */
export async function collect(stream: Readable): Promise<Collected> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { data: Buffer.concat(chunks) };
  } catch (error) {
    return { data: Buffer.concat(chunks), error };
  }
}

/** SHA-256 of a file computed by coreutils, independently of Node's crypto. */
export async function sha256sumFile(path: string): Promise<string> {
  const { stdout } = await execFileAsync('sha256sum', [path]);
  return stdout.split(/\s+/)[0] ?? '';
}

/** All regular files under `dir`, recursively; [] if `dir` does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else files.push(full);
  }
  return files;
}
