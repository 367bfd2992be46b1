import { malformed } from './errors';
import { NeedMoreData, Parser } from './parser';
import { PdfDict, PdfObject, PdfRef, PdfStream } from './objects';
import { PdfSource } from './source';

const FIRST_WINDOW = 4096;
/** Biggest non-stream object we accept; beyond it the file is hostile or broken. */
const MAX_OBJECT_BYTES = 32 * 1024 * 1024;

export interface IndirectObject {
  num: number;
  gen: number;
  obj: PdfObject;
  /** Offset just after `endobj` (or after the object when `endobj` is missing). */
  end: number;
}

/**
 * Parses something from `offset` with a growing window: small objects cost one small read,
 * big ones grow geometrically up to a hard cap.
 */
export async function withWindow<T>(
  src: PdfSource,
  offset: number,
  fn: (p: Parser) => T,
  maxBytes = MAX_OBJECT_BYTES,
): Promise<T> {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= src.size) throw malformed(`offset ${offset} outside file`);
  let len = FIRST_WINDOW;
  for (;;) {
    const buf = await src.read(offset, len);
    const atEnd = offset + buf.length >= src.size;
    try {
      return fn(new Parser(buf, 0, atEnd));
    } catch (e) {
      if (!(e instanceof NeedMoreData)) throw e;
      if (atEnd || len >= maxBytes) throw malformed(`object at ${offset} too large or unterminated`);
      len = Math.min(len * 4, maxBytes);
    }
  }
}

export type LengthResolver = (ref: PdfRef) => Promise<PdfObject>;

/** Reads `N G obj ... endobj` at `offset`; streams are located, not loaded. */
export async function readIndirectObject(
  src: PdfSource,
  offset: number,
  resolveLength: LengthResolver,
): Promise<IndirectObject> {
  const head = await withWindow(src, offset, (p) => {
    const num = p.readInt();
    const gen = p.readInt();
    p.expectKeyword('obj');
    const obj = p.parseObject();
    p.skipWhite();
    const save = p.pos;
    let isStream = false;
    if (obj instanceof PdfDict) {
      const kw = p.buf.toString('latin1', p.pos, p.pos + 6);
      if (kw.length < 6 && !p.atEnd) throw new NeedMoreData();
      if (kw === 'stream') {
        isStream = true;
        p.pos += 6;
        // The keyword is followed by CRLF or LF (a lone CR is tolerated).
        if (p.pos >= p.buf.length && !p.atEnd) throw new NeedMoreData();
        if (p.buf[p.pos] === 0x0d) p.pos++;
        if (p.pos >= p.buf.length && !p.atEnd) throw new NeedMoreData();
        if (p.buf[p.pos] === 0x0a) p.pos++;
      }
    }
    if (!isStream) p.pos = save;
    return { num, gen, obj, isStream, pos: p.pos };
  });
  if (!head.isStream) {
    let end = offset + head.pos;
    const tail = await src.read(end, 16);
    const m = /^\s*endobj/.exec(tail.toString('latin1'));
    if (m) end += m[0].length;
    return { num: head.num, gen: head.gen, obj: head.obj, end };
  }
  const dict = head.obj as PdfDict;
  const dataOffset = offset + head.pos;
  let lenObj = dict.get('Length');
  if (lenObj instanceof PdfRef) lenObj = await resolveLength(lenObj);
  let length = typeof lenObj === 'number' ? lenObj : -1;
  if (!Number.isSafeInteger(length) || length < 0 || dataOffset + length > src.size) {
    length = await findEndstream(src, dataOffset);
  } else {
    const after = (await src.read(dataOffset + length, 32)).toString('latin1');
    if (!/^\s*endstream/.test(after)) length = await findEndstream(src, dataOffset);
  }
  const after = (await src.read(dataOffset + length, 48)).toString('latin1');
  const m = /^\s*endstream\s*(endobj)?/.exec(after);
  const end = dataOffset + length + (m ? m[0].length : 0);
  return { num: head.num, gen: head.gen, obj: new PdfStream(dict, dataOffset, length), end };
}

/** Recovery for a wrong /Length: scan (bounded) for the `endstream` keyword. */
async function findEndstream(src: PdfSource, dataOffset: number): Promise<number> {
  const limit = Math.min(src.size, dataOffset + MAX_OBJECT_BYTES);
  const chunk = 1 << 20;
  for (let pos = dataOffset; pos < limit; pos += chunk - 16) {
    const buf = await src.read(pos, Math.min(chunk, limit - pos));
    const i = buf.indexOf('endstream', 0, 'latin1');
    if (i >= 0) {
      let end = pos + i;
      // Drop the EOL that precedes the keyword.
      const prev = await src.read(Math.max(dataOffset, end - 2), Math.min(2, end - dataOffset));
      if (prev.length === 2 && prev[0] === 0x0d && prev[1] === 0x0a) end -= 2;
      else if (prev.length >= 1 && (prev[prev.length - 1] === 0x0a || prev[prev.length - 1] === 0x0d)) end -= 1;
      return end - dataOffset;
    }
    if (buf.length < chunk) break;
  }
  throw malformed(`stream at ${dataOffset} has a bad /Length and no endstream`);
}
