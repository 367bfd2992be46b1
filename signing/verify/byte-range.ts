import { createHash } from 'crypto';
import { PdfObject, PdfSource } from '../pdf';

/** Biggest /Contents gap we decode: generous for CMS with embedded CRLs, small enough to stay safe. */
export const MAX_CONTENTS_BYTES = 32 * 1024 * 1024;
const CHUNK = 1024 * 1024;

export interface ByteRange {
  /** [start, length] pairs as written. */
  ranges: [number, number][];
  /** The excluded gap, which must hold exactly the /Contents hex string. */
  gapStart: number;
  gapEnd: number;
  /** Offset just after the last signed byte. */
  end: number;
}

/** Validates the shape of /ByteRange; returns a reason string when it is unusable. */
export function parseByteRange(obj: PdfObject | undefined, fileSize: number): ByteRange | string {
  if (!Array.isArray(obj) || obj.length !== 4) return 'ByteRange is not an array of four numbers';
  const n = obj as unknown[];
  if (!n.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) return 'ByteRange holds non-integers';
  const [a, b, c, d] = n as number[];
  if (a !== 0) return 'ByteRange does not start at 0';
  if (c <= a + b) return 'ByteRange ranges overlap or touch';
  if (c + d > fileSize) return 'ByteRange goes beyond the end of the file';
  if (c - b - a > MAX_CONTENTS_BYTES * 2 + 2) return 'ByteRange gap too large';
  return { ranges: [[a, b], [c, d]], gapStart: a + b, gapEnd: c, end: c + d };
}

/** Streams the signed ranges through `hashName`: memory stays constant whatever the file size. */
export async function hashRanges(src: PdfSource, br: ByteRange, hashName: string): Promise<Buffer> {
  const h = createHash(hashName);
  // One reused buffer where the source allows it: fresh 1 MiB buffers per chunk pile up as
  // external memory faster than the collector frees them (a 50 MB file doubled the peak).
  const reused = src.readInto ? Buffer.allocUnsafe(CHUNK) : null;
  for (const [start, len] of br.ranges) {
    for (let off = start; off < start + len; off += CHUNK) {
      const want = Math.min(CHUNK, start + len - off);
      let buf: Buffer;
      if (reused && src.readInto) {
        const target = reused.subarray(0, want);
        if ((await src.readInto(target, off)) !== want) throw new Error('short read inside ByteRange');
        buf = target;
      } else {
        buf = await src.read(off, want);
        if (buf.length !== want) throw new Error('short read inside ByteRange');
      }
      h.update(buf);
    }
  }
  return h.digest();
}

/**
 * The raw bytes of the hex string filling the gap, trailing zero padding included: it is not
 * trimmed by DER length, because BER (indefinite-length) CMS has no outer length to trim by.
 */
export async function readGapContents(src: PdfSource, br: ByteRange): Promise<Buffer | string> {
  const gap = await src.read(br.gapStart, br.gapEnd - br.gapStart);
  if (gap.length < 2 || gap[0] !== 0x3c || gap[gap.length - 1] !== 0x3e) return 'ByteRange gap is not a hex string';
  const hex = gap.toString('latin1', 1, gap.length - 1).replace(/[\s]+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex)) return 'ByteRange gap holds non-hex characters';
  return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
}
