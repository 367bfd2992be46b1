import { PdfDict, PdfName, PdfObject, PdfReader, PdfStream, PdfString } from '../pdf';
import { isDelim, isWhite, Parser } from '../pdf/parser';
import { SignError } from './errors';
import { PageInfo } from './placement';
import { loadTextFont, TextFont } from './text-fonts';

export interface AnchorHit {
  x: number;
  y: number;
  w: number;
  fontSize: number;
}

export interface Glyph {
  ch: string;
  x: number;
  y: number;
  w: number;
  size: number;
}

type Matrix = [number, number, number, number, number, number];
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];
const translate = (x: number, y: number): Matrix => [1, 0, 0, 1, x, y];

async function pageContent(reader: PdfReader, page: PdfDict): Promise<Buffer> {
  const c = await reader.resolve(page.get('Contents'));
  const parts = Array.isArray(c) ? c : [c];
  const out: Buffer[] = [];
  for (const p of parts) {
    const s = await reader.resolve(p);
    if (s instanceof PdfStream) out.push(await reader.readStreamData(s), Buffer.from('\n'));
  }
  return Buffer.concat(out);
}

/** Positions of the characters shown on a page (text operators only; Form XObjects not entered). */
export async function pageGlyphs(reader: PdfReader, page: PageInfo): Promise<Glyph[]> {
  const data = await pageContent(reader, page.dict);
  const resources = (await reader.resolveDict(await reader.inheritedPageAttr(page.dict, 'Resources'))) ?? new PdfDict();
  const fontDict = (await reader.resolveDict(resources.get('Font'))) ?? new PdfDict();
  const fonts = new Map<string, TextFont>();
  const glyphs: Glyph[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let tm: Matrix = [1, 0, 0, 1, 0, 0];
  let tlm: Matrix = tm;
  let font: TextFont | undefined;
  let size = 0;
  let leading = 0;
  const show = (s: PdfString): void => {
    if (!font) return;
    const b = s.bytes;
    for (let i = 0; i + font.bytesPerCode <= b.length; i += font.bytesPerCode) {
      const code = font.bytesPerCode === 2 ? b.readUInt16BE(i) : b[i];
      const adv = (font.width(code) / 1000) * size;
      const m = mul(tm, ctm);
      const scale = Math.hypot(m[0], m[1]);
      for (const ch of font.decode(code)) glyphs.push({ ch, x: m[4], y: m[5], w: adv * scale, size: size * Math.hypot(m[2], m[3]) });
      tm = mul(translate(adv, 0), tm);
    }
  };
  const p = new Parser(data, 0, true);
  const ops: PdfObject[] = [];
  const num = (i: number): number => (typeof ops[i] === 'number' ? (ops[i] as number) : 0);
  while (glyphs.length < 200_000) {
    p.skipWhite();
    if (p.pos >= data.length) break;
    const c = data[p.pos];
    if (isDelim(c) && c !== 0x25) {
      if (c === 0x5d || c === 0x29 || c === 0x3e || c === 0x7b || c === 0x7d) {
        p.pos++; // stray delimiter: skip
        continue;
      }
      ops.push(p.parseObject());
      continue;
    }
    const tok = p.regularToken();
    if (tok === '') {
      p.pos++;
      continue;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(tok)) {
      ops.push(parseFloat(tok));
      continue;
    }
    switch (tok) {
      case 'true': case 'false': case 'null': ops.push(null); continue;
      case 'q': stack.push(ctm); break;
      case 'Q': ctm = stack.pop() ?? ctm; break;
      case 'cm': ctm = mul([num(0), num(1), num(2), num(3), num(4), num(5)], ctm); break;
      case 'BT': tm = tlm = [1, 0, 0, 1, 0, 0]; break;
      case 'Tf': {
        const n = ops[0];
        size = num(1);
        font = undefined;
        if (n instanceof PdfName) {
          if (!fonts.has(n.value)) {
            const fd = await reader.resolveDict(fontDict.get(n.value));
            if (fd) fonts.set(n.value, await loadTextFont(reader, fd));
          }
          font = fonts.get(n.value);
        }
        break;
      }
      case 'TL': leading = num(0); break;
      case 'Td': tm = tlm = mul(translate(num(0), num(1)), tlm); break;
      case 'TD': leading = -num(1); tm = tlm = mul(translate(num(0), num(1)), tlm); break;
      case 'Tm': tm = tlm = [num(0), num(1), num(2), num(3), num(4), num(5)]; break;
      case 'T*': tm = tlm = mul(translate(0, -leading), tlm); break;
      case 'Tj': if (ops[0] instanceof PdfString) show(ops[0]); break;
      case "'": tm = tlm = mul(translate(0, -leading), tlm); if (ops[0] instanceof PdfString) show(ops[0]); break;
      case '"': tm = tlm = mul(translate(0, -leading), tlm); if (ops[2] instanceof PdfString) show(ops[2]); break;
      case 'TJ':
        if (Array.isArray(ops[0])) {
          for (const el of ops[0]) {
            if (el instanceof PdfString) show(el);
            else if (typeof el === 'number') tm = mul(translate((-el / 1000) * size, 0), tm);
          }
        }
        break;
      case 'ID': {
        // Inline image data: skip to the EI that follows whitespace.
        let i = p.pos + 1;
        while (i < data.length - 2 && !(isWhite(data[i]) && data[i + 1] === 0x45 && data[i + 2] === 0x49 && (i + 3 >= data.length || isWhite(data[i + 3]) || isDelim(data[i + 3])))) i++;
        p.pos = i + 3;
        break;
      }
      default: break;
    }
    ops.length = 0;
  }
  return glyphs;
}

const norm = (s: string): string => s.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();

/** One line of text on a page: its glyphs left to right, the text read from them, and each character's glyph (-1: an inferred space). */
export interface TextLine {
  glyphs: Glyph[];
  text: string;
  map: number[];
}

/** Groups a page's glyphs into lines by baseline and reads each left to right (lower case, spaces collapsed). */
export async function pageLines(reader: PdfReader, page: PageInfo): Promise<TextLine[]> {
  const glyphs = await pageGlyphs(reader, page);
  const lines: Glyph[][] = [];
  for (const g of glyphs) {
    const line = lines.find((l) => Math.abs(l[0].y - g.y) < Math.max(1, l[0].size * 0.3));
    if (line) line.push(g);
    else lines.push([g]);
  }
  return lines.map((line) => {
    line.sort((a, b) => a.x - b.x);
    let text = '';
    const map: number[] = [];
    const push = (ch: string, i: number): void => {
      const c = /\s/.test(ch) ? ' ' : ch.toLocaleLowerCase('vi');
      if (c === ' ' && (text === '' || text.endsWith(' '))) return;
      for (const unit of c) {
        text += unit;
        map.push(i);
      }
    };
    line.forEach((g, i) => {
      const prev = line[i - 1];
      if (prev && g.x - (prev.x + prev.w) > g.size * 0.2) push(' ', -1);
      push(g.ch, i);
    });
    return { glyphs: line, text, map };
  });
}

/** Finds `anchor` on the page (whitespace- and case-insensitive) and returns its box. */
export async function findAnchor(reader: PdfReader, page: PageInfo, anchor: string): Promise<AnchorHit> {
  const want = norm(anchor);
  for (const { glyphs: line, text, map } of await pageLines(reader, page)) {
    const at = text.indexOf(want);
    if (at < 0 || !want) continue;
    const idx = map.slice(at, at + want.length).filter((i) => i >= 0);
    if (!idx.length) continue;
    const first = line[idx[0]];
    const last = line[idx[idx.length - 1]];
    return { x: first.x, y: first.y, w: last.x + last.w - first.x, fontSize: first.size };
  }
  throw new SignError('SIGN_ANCHOR_NOT_FOUND', `Không tìm thấy chuỗi neo "${anchor}" trên trang ${page.index + 1}.`, anchor);
}
