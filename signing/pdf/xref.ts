import { malformed, PdfError } from './errors';
import { decodeStreamData } from './filters';
import { LengthResolver, readIndirectObject, withWindow } from './object-reader';
import { PdfDict, PdfStream } from './objects';
import { PdfSource } from './source';

export type XrefEntry =
  | { type: 'free' }
  | { type: 'offset'; offset: number; gen: number }
  | { type: 'compressed'; stream: number; index: number };

export type XrefKind = 'table' | 'stream';

export interface XrefSection {
  kind: XrefKind;
  offset: number;
  /** Offset just after the section (after the trailer dict, or after the xref stream's endobj). */
  end: number;
  trailer: PdfDict;
  entries: Map<number, XrefEntry>;
}

/** Sanity cap on object numbers: beyond this the file is hostile (and would exhaust memory). */
export const MAX_OBJECTS = 8_000_000;

export async function readXrefSection(src: PdfSource, offset: number, resolveLength: LengthResolver): Promise<XrefSection> {
  const head = (await src.read(offset, 8)).toString('latin1');
  // Some writers put the offset a few bytes early (whitespace); tolerate that.
  const lead = /^\s*/.exec(head)![0].length;
  if (head.slice(lead).startsWith('xref')) return readTable(src, offset + lead);
  return readStream(src, offset, resolveLength);
}

async function readTable(src: PdfSource, offset: number): Promise<XrefSection> {
  // Entries are 20 bytes; allow the table to be as big as the file, nothing more.
  return withWindow(src, offset, (p) => {
    p.expectKeyword('xref');
    const entries = new Map<number, XrefEntry>();
    for (;;) {
      p.skipWhite();
      const save = p.pos;
      const tok = p.regularToken();
      if (tok === 'trailer') break;
      if (!/^\d+$/.test(tok)) throw malformed(`bad xref subsection header at ${offset + save}`);
      const start = parseInt(tok, 10);
      const count = p.readInt();
      if (count < 0 || start + count > MAX_OBJECTS || count * 18 > src.size) throw malformed('absurd xref subsection');
      for (let i = 0; i < count; i++) {
        const off = p.readInt();
        const gen = p.readInt();
        const t = p.regularToken();
        const num = start + i;
        // Subsection 0 often holds only the head of the free list.
        if (t === 'n') entries.set(num, { type: 'offset', offset: off, gen });
        else if (t === 'f') entries.set(num, { type: 'free' });
        else throw malformed(`bad xref entry type ${JSON.stringify(t)}`);
      }
    }
    const trailer = p.parseObject();
    if (!(trailer instanceof PdfDict)) throw malformed('trailer is not a dictionary');
    return { kind: 'table' as const, offset, end: offset + p.pos, trailer, entries };
  }, Math.max(4096, src.size - offset));
}

async function readStream(src: PdfSource, offset: number, resolveLength: LengthResolver): Promise<XrefSection> {
  const io = await readIndirectObject(src, offset, resolveLength);
  const stm = io.obj;
  if (!(stm instanceof PdfStream) || stm.dict.name('Type') !== 'XRef') throw malformed(`no xref at ${offset}`);
  const dict = stm.dict;
  const size = dict.number('Size');
  if (size === undefined || !Number.isSafeInteger(size) || size < 0 || size > MAX_OBJECTS) throw malformed('bad xref stream /Size');
  const w = dict.get('W');
  if (!Array.isArray(w) || w.length < 3 || !w.every((x) => typeof x === 'number' && x >= 0 && x <= 8)) throw malformed('bad /W');
  const widths = w as number[];
  const idx = dict.get('Index');
  const index = Array.isArray(idx) ? (idx as unknown[]) : [0, size];
  if (index.length % 2 || !index.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) throw malformed('bad /Index');
  const raw = await src.read(stm.dataOffset, stm.length);
  const rowLen = widths[0] + widths[1] + widths[2];
  let total = 0;
  for (let i = 1; i < index.length; i += 2) total += index[i] as number;
  if (total > MAX_OBJECTS) throw malformed('xref stream too big');
  const data = decodeStreamData(dict, raw, Math.max(1024, total * rowLen + 1024));
  if (rowLen === 0 || data.length < total * rowLen) throw malformed('xref stream data too short');
  const field = (pos: number, width: number, dflt: number): number => {
    if (width === 0) return dflt;
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + data[pos + i];
    return v;
  };
  const entries = new Map<number, XrefEntry>();
  let pos = 0;
  for (let i = 0; i < index.length; i += 2) {
    const first = index[i] as number;
    const count = index[i + 1] as number;
    for (let k = 0; k < count; k++) {
      const type = field(pos, widths[0], 1);
      const f2 = field(pos + widths[0], widths[1], 0);
      const f3 = field(pos + widths[0] + widths[1], widths[2], 0);
      pos += rowLen;
      if (type === 0) entries.set(first + k, { type: 'free' });
      else if (type === 1) entries.set(first + k, { type: 'offset', offset: f2, gen: f3 });
      else if (type === 2) entries.set(first + k, { type: 'compressed', stream: f2, index: f3 });
      // Unknown types are to be ignored (ISO 32000-1 §7.5.8.3).
    }
  }
  return { kind: 'stream', offset, end: io.end, trailer: dict, entries };
}

/** Finds the offset after the last `%%EOF` (+ EOL) and the `startxref` value before it. */
export async function readStartxref(src: PdfSource): Promise<{ startxref: number; eofEnd: number }> {
  const tailLen = Math.min(src.size, 4096);
  const tail = (await src.read(src.size - tailLen, tailLen)).toString('latin1');
  const eof = tail.lastIndexOf('%%EOF');
  if (eof < 0) throw malformed('no %%EOF');
  const m = /startxref\s+(\d+)\s*$/.exec(tail.slice(0, eof));
  if (!m) throw malformed('no startxref');
  const startxref = parseInt(m[1], 10);
  let end = eof + 5;
  if (tail[end] === '\r') end++;
  if (tail[end] === '\n') end++;
  if (startxref >= src.size) throw malformed('startxref beyond end of file');
  return { startxref, eofEnd: src.size - tailLen + end };
}

/** Offset after the first `%%EOF` (+ EOL) at or after `from`: the end of the revision there. */
export async function findEofAfter(src: PdfSource, from: number): Promise<number> {
  const chunk = 8192;
  for (let pos = from; pos < src.size; pos += chunk - 8) {
    const buf = await src.read(pos, chunk);
    const i = buf.indexOf('%%EOF', 0, 'latin1');
    if (i >= 0) {
      let end = pos + i + 5;
      const after = await src.read(end, 2);
      if (after[0] === 0x0d) end++;
      if (after[after[0] === 0x0d ? 1 : 0] === 0x0a) end++;
      return end;
    }
    if (pos - from > 1 << 20) break;
  }
  throw new PdfError('PDF_MALFORMED', 'Tệp PDF bị hỏng hoặc không đúng cấu trúc.', `no %%EOF after ${from}`);
}
