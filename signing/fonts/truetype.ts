import { inflateSync } from 'zlib';

/**
 * Minimal TrueType reading: WOFF 1.0 → sfnt, cmap (formats 4 and 12), advance widths and the
 * metrics a PDF font descriptor needs. Replaces a full font library on the signing path, whose
 * load time alone was several times the cost of hashing a 50 MB file.
 */
export interface TrueTypeFace {
  /** The sfnt bytes, embeddable as /FontFile2. */
  sfnt: Buffer;
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  bbox: [number, number, number, number];
  glyphForCodePoint(cp: number): number; // 0 = .notdef
  advanceWidth(gid: number): number;
}

/** WOFF 1.0 to a plain sfnt (lossless: tables are zlib-compressed one by one). */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') return woff;
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: Buffer; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const e = 44 + i * 20;
    const offset = woff.readUInt32BE(e + 4);
    const compLength = woff.readUInt32BE(e + 8);
    const origLength = woff.readUInt32BE(e + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({ tag: woff.subarray(e, e + 4), checksum: woff.readUInt32BE(e + 16), data: compLength < origLength ? inflateSync(raw) : raw });
  }
  let entrySelector = 0;
  while (1 << (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = (1 << entrySelector) * 16;
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const d = 12 + i * 16;
    t.tag.copy(header, d);
    header.writeUInt32BE(t.checksum, d + 4);
    header.writeUInt32BE(offset, d + 8);
    header.writeUInt32BE(t.data.length, d + 12);
    const pad = (4 - (t.data.length % 4)) % 4;
    parts.push(t.data, Buffer.alloc(pad));
    offset += t.data.length + pad;
  });
  return Buffer.concat(parts);
}

function tableDirectory(sfnt: Buffer): Map<string, Buffer> {
  const n = sfnt.readUInt16BE(4);
  const map = new Map<string, Buffer>();
  for (let i = 0; i < n; i++) {
    const d = 12 + i * 16;
    const off = sfnt.readUInt32BE(d + 8);
    map.set(sfnt.toString('latin1', d, d + 4), sfnt.subarray(off, off + sfnt.readUInt32BE(d + 12)));
  }
  return map;
}

function parseCmap(cmap: Buffer): Map<number, number> {
  const out = new Map<number, number>();
  const n = cmap.readUInt16BE(2);
  let best: Buffer | undefined;
  let bestFormat = 0;
  for (let i = 0; i < n; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const sub = cmap.subarray(cmap.readUInt32BE(8 + i * 8));
    const format = sub.readUInt16BE(0);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && (format === 12 || (format === 4 && bestFormat !== 12))) {
      best = sub;
      bestFormat = format;
    }
  }
  if (!best) return out;
  if (bestFormat === 4) {
    const segX2 = best.readUInt16BE(6);
    const ends = 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const ranges = deltas + segX2;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = best.readUInt16BE(ends + s * 2);
      const start = best.readUInt16BE(starts + s * 2);
      const delta = best.readInt16BE(deltas + s * 2);
      const ro = best.readUInt16BE(ranges + s * 2);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let g: number;
        if (ro === 0) g = (c + delta) & 0xffff;
        else {
          const at = ranges + s * 2 + ro + (c - start) * 2;
          g = at + 1 < best.length ? best.readUInt16BE(at) : 0;
          if (g) g = (g + delta) & 0xffff;
        }
        if (g) out.set(c, g);
      }
    }
  } else {
    const groups = best.readUInt32BE(12);
    for (let i = 0; i < groups; i++) {
      const g = 16 + i * 12;
      const start = best.readUInt32BE(g);
      const end = Math.min(best.readUInt32BE(g + 4), start + 0xffff);
      const gid = best.readUInt32BE(g + 8);
      for (let c = start; c <= end; c++) out.set(c, gid + c - start);
    }
  }
  return out;
}

function postscriptName(name: Buffer | undefined): string {
  if (!name) return 'Font';
  const count = name.readUInt16BE(2);
  const strings = name.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const r = 6 + i * 12;
    if (name.readUInt16BE(r + 6) !== 6) continue;
    const platform = name.readUInt16BE(r);
    const len = name.readUInt16BE(r + 8);
    const off = strings + name.readUInt16BE(r + 10);
    const raw = Buffer.from(name.subarray(off, off + len));
    if (platform === 3 || platform === 0) {
      raw.swap16();
      return raw.toString('utf16le');
    }
    return raw.toString('latin1');
  }
  return 'Font';
}

export function readTrueType(fontFile: Buffer): TrueTypeFace {
  const sfnt = woffToSfnt(fontFile);
  const t = tableDirectory(sfnt);
  const head = t.get('head')!;
  const hhea = t.get('hhea')!;
  const hmtx = t.get('hmtx')!;
  const os2 = t.get('OS/2');
  const cmap = parseCmap(t.get('cmap')!);
  const numHMetrics = hhea.readUInt16BE(34);
  return {
    sfnt,
    postscriptName: postscriptName(t.get('name')),
    unitsPerEm: head.readUInt16BE(18),
    ascent: hhea.readInt16BE(4),
    descent: hhea.readInt16BE(6),
    capHeight: os2 && os2.length >= 90 ? os2.readInt16BE(88) : hhea.readInt16BE(4),
    bbox: [head.readInt16BE(36), head.readInt16BE(38), head.readInt16BE(40), head.readInt16BE(42)],
    glyphForCodePoint: (cp) => cmap.get(cp) ?? 0,
    advanceWidth: (gid) => hmtx.readUInt16BE(Math.min(gid, numHMetrics - 1) * 4),
  };
}
