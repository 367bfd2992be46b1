import { PdfArray, PdfDict, PdfReader, PdfRef, PdfStream } from '../pdf';
import { SignError } from './errors';
import { Rect } from './appearance';
import { FormField } from './fields';

export interface PageInfo {
  index: number; // 0-based
  ref: PdfRef;
  dict: PdfDict;
  box: Rect; // crop box (falls back to media box), in default user space
  /** /Rotate normalised to 0, 90, 180 or 270 (clockwise, as displayed). */
  rotate: 0 | 90 | 180 | 270;
  /** The page as displayed: same origin as `box`, width and height swapped for 90/270. */
  visual: Rect;
}

function toRect(a: unknown): Rect | undefined {
  if (!Array.isArray(a) || a.length !== 4 || !a.every((v) => typeof v === 'number')) return undefined;
  const [x1, y1, x2, y2] = a as number[];
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1) };
}

export async function pageInfo(reader: PdfReader, pageNumber: number): Promise<PageInfo> {
  const pages = await reader.pages();
  const index = pageNumber < 0 ? pages.length + pageNumber : pageNumber - 1;
  if (!Number.isInteger(index) || index < 0 || index >= pages.length) {
    throw new SignError('SIGN_PAGE_NOT_FOUND', `Không có trang ${pageNumber} trong văn bản (${pages.length} trang).`, `page ${pageNumber}`);
  }
  const ref = pages[index];
  const dict = (await reader.resolveDict(ref))!;
  const box = toRect(await reader.inheritedPageAttr(dict, 'CropBox')) ?? toRect(await reader.inheritedPageAttr(dict, 'MediaBox')) ?? { x: 0, y: 0, w: 595.28, h: 841.89 };
  const r = await reader.inheritedPageAttr(dict, 'Rotate');
  const rotate = ((((typeof r === 'number' ? Math.round(r / 90) * 90 : 0) % 360) + 360) % 360) as 0 | 90 | 180 | 270;
  const visual = rotate % 180 ? { x: box.x, y: box.y, w: box.h, h: box.w } : { ...box };
  return { index, ref, dict, box, rotate, visual };
}

/** Displayed point (as the reader sees the page) to default user space. */
function visualToUser(page: PageInfo, vx: number, vy: number): [number, number] {
  const { x, y, w, h } = page.box;
  const dx = vx - x;
  const dy = vy - y;
  switch (page.rotate) {
    case 90: return [x + w - dy, y + dx];
    case 180: return [x + w - dx, y + h - dy];
    case 270: return [x + dy, y + h - dx];
    default: return [vx, vy];
  }
}

function userToVisual(page: PageInfo, ux: number, uy: number): [number, number] {
  const { x, y, w, h } = page.box;
  const px = ux - x;
  const py = uy - y;
  switch (page.rotate) {
    case 90: return [x + py, y + w - px];
    case 180: return [x + w - px, y + h - py];
    case 270: return [x + h - py, y + px];
    default: return [ux, uy];
  }
}

function corners(r: Rect, map: (x: number, y: number) => [number, number]): Rect {
  const [ax, ay] = map(r.x, r.y);
  const [bx, by] = map(r.x + r.w, r.y + r.h);
  return { x: Math.min(ax, bx), y: Math.min(ay, by), w: Math.abs(bx - ax), h: Math.abs(by - ay) };
}

/** A point of default user space as the page is displayed. */
export const toVisualPoint = (page: PageInfo, x: number, y: number): [number, number] => userToVisual(page, x, y);

/**
 * Where a block of `size` goes for an anchor (the signer's printed name): centred along the name,
 * on the side its letters stand on, one and a half lines away, as the page is displayed, whatever
 * the page rotation or the direction the text was drawn in.
 */
export function aboveAnchor(page: PageInfo, hit: { x: number; y: number; x2: number; y2: number; upX: number; upY: number; fontSize: number }, size: { w: number; h: number }): Rect {
  const [sx, sy] = userToVisual(page, hit.x, hit.y);
  const [ex, ey] = userToVisual(page, hit.x2, hit.y2);
  const [ux, uy] = userToVisual(page, hit.x + hit.upX, hit.y + hit.upY);
  const up = [ux - sx, uy - sy];
  const gap = hit.fontSize * 1.5;
  const mx = (sx + ex) / 2;
  const my = (sy + ey) / 2;
  if (Math.abs(ex - sx) >= Math.abs(ey - sy)) {
    // The name reads horizontally as displayed: the block above (or below, for upside-down text) it.
    const y = up[1] >= 0 ? Math.max(sy, ey) + gap : Math.min(sy, ey) - gap - size.h;
    return { x: mx - size.w / 2, y, w: size.w, h: size.h };
  }
  const x = up[0] >= 0 ? Math.max(sx, ex) + gap : Math.min(sx, ex) - gap - size.w;
  return { x, y: my - size.h / 2, w: size.w, h: size.h };
}

/** The usual signature block of a page as displayed: bottom right, above the footer margin. */
export function usualBlock(page: PageInfo, size: { w: number; h: number }): Rect {
  const v = page.visual;
  return { x: v.x + v.w - size.w - Math.min(65, v.w * 0.1), y: v.y + Math.min(110, v.h * 0.13), w: size.w, h: size.h };
}

/** A rectangle given as the page is displayed, in default user space (for /Rect). */
export const toUserRect = (page: PageInfo, r: Rect): Rect => corners(r, (a, b) => visualToUser(page, a, b));
export const toVisualRect = (page: PageInfo, r: Rect): Rect => corners(r, (a, b) => userToVisual(page, a, b));

/** /Matrix that turns an upright appearance so it reads upright on a rotated page. */
export function appearanceMatrix(page: PageInfo): number[] | undefined {
  switch (page.rotate) {
    case 90: return [0, 1, -1, 0, 0, 0];
    case 180: return [-1, 0, 0, -1, 0, 0];
    case 270: return [0, -1, 1, 0, 0, 0];
    default: return undefined;
  }
}

/** Top right of the page (Decree 30 for attachment and copy signatures). */
export function topRight(page: PageInfo, size: { w: number; h: number }, margin = 12): Rect {
  const v = page.visual;
  return { x: v.x + v.w - size.w - margin, y: v.y + v.h - size.h - margin, w: size.w, h: size.h };
}

export interface LeaderSignature {
  pageIndex: number;
  rect: Rect;
}

/** The most recent visible signature widget: the leader's image the seal must overlap. */
export async function findLeaderSignature(reader: PdfReader, fields: FormField[]): Promise<LeaderSignature> {
  const pages = await reader.pages();
  let found: LeaderSignature | undefined;
  for (const f of fields) {
    if (f.type !== 'Sig' || !f.dict.has('V')) continue;
    for (const w of f.widgets) {
      const rect = toRect(await reader.resolve(w.dict.get('Rect')));
      if (!rect || rect.w < 1 || rect.h < 1) continue;
      let pageIndex = -1;
      const p = w.dict.get('P');
      if (p instanceof PdfRef) pageIndex = pages.findIndex((r) => r.num === p.num);
      if (pageIndex < 0) {
        for (let i = 0; i < pages.length && pageIndex < 0; i++) {
          const annots = await reader.resolve((await reader.resolveDict(pages[i]))?.get('Annots'));
          if (Array.isArray(annots) && (annots as PdfArray).some((a) => a instanceof PdfRef && a.num === w.ref.num)) pageIndex = i;
        }
      }
      if (pageIndex >= 0) found = { pageIndex, rect: (await drawnImageBox(reader, w.dict, rect)) ?? rect };
    }
  }
  if (!found) {
    throw new SignError('SIGN_LEADER_SIGNATURE_NOT_FOUND', 'Không tìm thấy chữ ký của người có thẩm quyền để đóng dấu lên.', 'no visible signature widget');
  }
  return found;
}

/**
 * The box the signature image actually occupies inside the widget: an image fitted to a wider
 * or taller block leaves margins, and the seal must overlap the image, not the margin.
 * Best effort: the first `a 0 0 d e f cm ... Do` of the appearance, identity /Matrix only.
 */
async function drawnImageBox(reader: PdfReader, widget: PdfDict, rect: Rect): Promise<Rect | undefined> {
  try {
    const ap = await reader.resolveDict(widget.get('AP'));
    const n = await reader.resolve(ap?.get('N'));
    if (!(n instanceof PdfStream) || n.dict.has('Matrix')) return undefined;
    const bbox = toRect(await reader.resolve(n.dict.get('BBox')));
    if (!bbox || bbox.w <= 0 || bbox.h <= 0) return undefined;
    const content = (await reader.readStreamData(n, 1 << 20)).toString('latin1');
    const m = /([-\d.]+)\s+0\s+0\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+cm\s*\/\S+\s+Do/.exec(content);
    if (!m) return undefined;
    const [a, d, e, f] = m.slice(1).map(Number);
    const sx = rect.w / bbox.w;
    const sy = rect.h / bbox.h;
    const box = { x: rect.x + (e - bbox.x) * sx, y: rect.y + (f - bbox.y) * sy, w: a * sx, h: d * sy };
    return box.w > 1 && box.h > 1 ? box : undefined;
  } catch {
    return undefined; // an odd appearance only costs precision; the widget box still works
  }
}

/** Seal at its real size over about the left third of the leader's signature image. */
export function sealRect(leader: Rect, seal: { w: number; h: number }): Rect {
  return { x: leader.x + leader.w / 3 - seal.w, y: leader.y + leader.h / 2 - seal.h / 2, w: seal.w, h: seal.h };
}

export function parseRect(s: string | Rect | number[]): Rect {
  if (typeof s === 'object' && !Array.isArray(s)) return s;
  const parts = Array.isArray(s) ? s : s.split(',').map((v) => Number(v.trim()));
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v)) || parts[2] <= 0 || parts[3] <= 0) {
    throw new SignError('SIGN_BAD_INPUT', 'Vùng đặt chữ ký không hợp lệ (x,y,rộng,cao).', `rect ${String(s)}`);
  }
  return { x: parts[0], y: parts[1], w: parts[2], h: parts[3] };
}
