import { PdfDict, PdfReader, PdfStream } from '../pdf';

/** Just enough of a font to turn shown strings into Unicode with advance widths. */
export interface TextFont {
  bytesPerCode: 1 | 2;
  decode(code: number): string;
  /** Advance width in 1/1000 em. */
  width(code: number): number;
}

function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexToStr = (h: string): string => {
    const b = Buffer.from(h.length % 4 ? h.padStart(h.length + (4 - (h.length % 4)), '0') : h, 'hex');
    b.swap16();
    return b.toString('utf16le');
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set(parseInt(m[1], 16), hexToStr(m[2]));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1], 16);
      const hi = Math.min(parseInt(m[2], 16), lo + 0xffff);
      if (m[3].startsWith('[')) {
        const items = [...m[3].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]);
        items.forEach((h, i) => lo + i <= hi && map.set(lo + i, hexToStr(h)));
      } else {
        const base = Buffer.from(m[3].slice(1, -1), 'hex');
        for (let c = lo; c <= hi; c++) {
          const b = Buffer.from(base);
          b[b.length - 1] += c - lo;
          const s = Buffer.from(b);
          if (s.length % 2 === 0) {
            s.swap16();
            map.set(c, s.toString('utf16le'));
          }
        }
      }
    }
  }
  return map;
}

/** Loads a font resource; unknown encodings fall back to Latin-1 and half-em widths. */
export async function loadTextFont(reader: PdfReader, font: PdfDict): Promise<TextFont> {
  const type0 = font.name('Subtype') === 'Type0';
  let toUnicode: Map<number, string> | undefined;
  const tu = await reader.resolve(font.get('ToUnicode'));
  if (tu instanceof PdfStream) {
    try {
      toUnicode = parseToUnicode((await reader.readStreamData(tu, 4 << 20)).toString('latin1'));
    } catch {
      toUnicode = undefined; // a broken ToUnicode only costs us anchor matching on this font
    }
  }
  const widths = new Map<number, number>();
  let dflt = 500;
  if (type0) {
    const desc = await reader.resolve(font.get('DescendantFonts'));
    const cid = Array.isArray(desc) ? await reader.resolveDict(desc[0]) : undefined;
    dflt = cid?.number('DW') ?? 1000;
    const w = await reader.resolve(cid?.get('W'));
    if (Array.isArray(w)) {
      for (let i = 0; i < w.length && i < 100_000; ) {
        const first = w[i];
        const next = await reader.resolve(w[i + 1]);
        if (typeof first !== 'number') break;
        if (Array.isArray(next)) {
          next.forEach((v, k) => typeof v === 'number' && widths.set(first + k, v));
          i += 2;
        } else {
          const last = next as number;
          const v = w[i + 2];
          for (let c = first; c <= last && c - first < 65536; c++) if (typeof v === 'number') widths.set(c, v);
          i += 3;
        }
      }
    }
  } else {
    const first = font.number('FirstChar') ?? 0;
    const w = await reader.resolve(font.get('Widths'));
    if (Array.isArray(w)) w.forEach((v, k) => typeof v === 'number' && widths.set(first + k, v));
  }
  return {
    bytesPerCode: type0 ? 2 : 1,
    decode: (code) => toUnicode?.get(code) ?? (type0 ? '' : String.fromCharCode(code)),
    width: (code) => widths.get(code) ?? dflt,
  };
}
