import { PdfDict, PdfName, PdfObject, PdfReader, PdfStream, PdfString } from '../pdf';
import { isDelim, isWhite, Parser } from '../pdf/parser';
import { SignError } from './errors';
import { PageInfo } from './placement';
import { loadTextFont, TextFont } from './text-fonts';

export interface AnchorHit {
  /** Baseline start of the anchor, default user space. */
  x: number;
  y: number;
  /** Length along the baseline. */
  w: number;
  fontSize: number;
  /** Baseline end, default user space (differs from x+w when the text is drawn rotated). */
  x2: number;
  y2: number;
  /** Unit vector from the baseline towards the tops of the glyphs, default user space. */
  upX: number;
  upY: number;
}

export interface Glyph {
  ch: string;
  x: number;
  y: number;
  w: number;
  size: number;
  /** Unit baseline direction and up vector in user space. */
  dx: number;
  dy: number;
  ux: number;
  uy: number;
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
      const scale = Math.hypot(m[0], m[1]) || 1;
      const upScale = Math.hypot(m[2], m[3]) || 1;
      const g = { x: m[4], y: m[5], w: adv * scale, size: size * upScale, dx: m[0] / scale, dy: m[1] / scale, ux: m[2] / upScale, uy: m[3] / upScale };
      for (const ch of font.decode(code)) glyphs.push({ ch, ...g });
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

/** Case- and diacritic-insensitive: drafts often print a name without its marks (or in a font that drops them). */
const fold = (s: string): string => s.toLocaleLowerCase('vi').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
const norm = (s: string): string => fold(s).replace(/\s+/g, ' ').trim();

/**
 * One line of text on a page: its glyphs in reading order, the text read from them (lower case,
 * diacritics folded, spaces collapsed), and each character's glyph (-1: an inferred space).
 */
export interface TextLine {
  glyphs: Glyph[];
  text: string;
  map: number[];
}

/**
 * Groups a page's glyphs into lines — same direction, same baseline (text may be drawn rotated) —
 * and reads each along its direction.
 */
export async function pageLines(reader: PdfReader, page: PageInfo): Promise<TextLine[]> {
  const glyphs = await pageGlyphs(reader, page);
  const along = (g: Glyph): number => g.dx * g.x + g.dy * g.y;
  const across = (g: Glyph): number => -g.dy * g.x + g.dx * g.y;
  const lines: Glyph[][] = [];
  for (const g of glyphs) {
    const line = lines.find((l) => Math.abs(l[0].dx - g.dx) < 0.01 && Math.abs(l[0].dy - g.dy) < 0.01 && Math.abs(across(l[0]) - across(g)) < Math.max(1, l[0].size * 0.3));
    if (line) line.push(g);
    else lines.push([g]);
  }
  return lines.map((line) => {
    line.sort((a, b) => along(a) - along(b));
    let text = '';
    const map: number[] = [];
    const push = (ch: string, i: number): void => {
      const c = /\s/.test(ch) ? ' ' : fold(ch);
      if (c === ' ' && (text === '' || text.endsWith(' '))) return;
      for (const unit of c) {
        text += unit;
        map.push(i);
      }
    };
    line.forEach((g, i) => {
      const prev = line[i - 1];
      if (prev && along(g) - (along(prev) + prev.w) > g.size * 0.2) push(' ', -1);
      push(g.ch, i);
    });
    return { glyphs: line, text, map };
  });
}

/** Finds `anchor` on the page (whitespace-, case- and diacritic-insensitive) and returns its box. */
export async function findAnchor(reader: PdfReader, page: PageInfo, anchor: string): Promise<AnchorHit> {
  const want = norm(anchor);
  for (const { glyphs: line, text, map } of await pageLines(reader, page)) {
    const at = text.indexOf(want);
    if (at < 0 || !want) continue;
    const idx = map.slice(at, at + want.length).filter((i) => i >= 0);
    if (!idx.length) continue;
    const first = line[idx[0]];
    const last = line[idx[idx.length - 1]];
    const x2 = last.x + last.dx * last.w;
    const y2 = last.y + last.dy * last.w;
    return { x: first.x, y: first.y, w: Math.hypot(x2 - first.x, y2 - first.y), fontSize: first.size, x2, y2, upX: first.ux, upY: first.uy };
  }
  throw new SignError('SIGN_ANCHOR_NOT_FOUND', `Không tìm thấy chuỗi neo "${anchor}" trên trang ${page.index + 1}.`, anchor);
}
