import { name, PdfDict, PdfReader, PdfRef, PdfString } from '../pdf';
import { formXObject, Rect } from './appearance';
import { Glyph, pageLines, TextLine } from './anchor';
import { PageInfo } from './placement';

/**
 * Decree 30 puts the number ("Số: 05/QĐ-UBND") and the place-and-date line ("Hà Nội, ngày 05 tháng
 * 3 năm 2026") near the top of the first page. A draft usually prints them with blanks that only
 * the clerk's issue can fill. At the leader's signing, empty read-only text fields are laid over
 * those blanks in the leader's own update, so the clerk's seal update later only fills fields that
 * existed when the leader signed — the change a validator lists as an allowed form fill.
 */
export interface IssueFieldNames {
  /** Name of the field to lay after "Số:" (absent: the draft has its own). */
  number?: string;
  /** Name of the field to lay over the blanks of "ngày … tháng … năm …". */
  date?: string;
}

export interface LocatedField {
  name: string;
  rect: Rect;
  fontSize: number;
}

/** Glyphs after `from` up to the first wide gap: the run the blank belongs to. */
function runEnd(line: Glyph[], from: number): { end: number; next?: number } {
  let last = line[from];
  for (let i = from + 1; i < line.length; i++) {
    const g = line[i];
    if (g.x - (last.x + last.w) > 2.5 * last.size) return { end: last.x + last.w, next: g.x };
    last = g;
  }
  return { end: last.x + last.w };
}

function lineBox(x: number, end: number, next: number | undefined, baseline: number, size: number, minWidth: number): Rect {
  const room = next === undefined ? Infinity : next - size * 0.5 - x;
  const w = Math.min(Math.max(end - x, minWidth), Math.max(room, end - x));
  return { x, y: baseline - size * 0.3, w, h: size * 1.35 };
}

function findNumber(lines: TextLine[], page: PageInfo, measure: (s: string, size: number) => number): Omit<LocatedField, 'name'> | null {
  const top = page.box.y + page.box.h / 2;
  const hits = lines
    .map((l) => ({ l, m: /(^|[\s])so\s*:/.exec(l.text) }))
    .filter((h) => h.m && h.l.glyphs[0].y > top)
    .sort((a, b) => b.l.glyphs[0].y - a.l.glyphs[0].y);
  const hit = hits[0];
  if (!hit?.m) return null;
  const colonAt = hit.m.index + hit.m[0].length - 1;
  const colon = hit.l.map[colonAt];
  if (colon < 0) return null;
  const g = hit.l.glyphs[colon];
  const size = g.size;
  const x = g.x + g.w + size * 0.25;
  const { end, next } = runEnd(hit.l.glyphs, colon);
  return { rect: lineBox(x, end, next, g.y, size, measure('000/0000/QĐ-UBND', size)), fontSize: size };
}

function findDate(lines: TextLine[], page: PageInfo, measure: (s: string, size: number) => number): Omit<LocatedField, 'name'> | null {
  const top = page.box.y + page.box.h / 2;
  const hits = lines
    .map((l) => ({ l, m: /ngay[\s.…_\d]*thang[\s.…_\d]*nam/.exec(l.text) }))
    .filter((h) => h.m && h.l.glyphs[0].y > top)
    .sort((a, b) => b.l.glyphs[0].y - a.l.glyphs[0].y);
  const hit = hits[0];
  if (!hit?.m) return null;
  const first = hit.l.map[hit.m.index];
  const nam = hit.l.map[hit.m.index + hit.m[0].length - 1];
  if (first < 0 || nam < 0) return null;
  const g = hit.l.glyphs[first];
  const size = g.size;
  const { end, next } = runEnd(hit.l.glyphs, nam);
  return { rect: lineBox(g.x, end, next, g.y, size, measure('ngày 30 tháng 12 năm 2026', size) + size), fontSize: size };
}

/**
 * Finds the number and date blanks on the first page. Only unrotated pages: the fields' text is
 * drawn upright in user space.
 */
export async function locateIssueFields(reader: PdfReader, page: PageInfo, names: IssueFieldNames, measure: (s: string, size: number) => number): Promise<LocatedField[]> {
  if (page.rotate !== 0) return [];
  const lines = await pageLines(reader, page);
  const out: LocatedField[] = [];
  const number = names.number ? findNumber(lines, page, measure) : null;
  if (number) out.push({ name: names.number!, ...number });
  const date = names.date ? findDate(lines, page, measure) : null;
  if (date) out.push({ name: names.date!, ...date });
  return out;
}

/** An empty, read-only text field merged with its widget: invisible until issue fills it (white background, text). */
export function emptyTextField(field: LocatedField, pageRef: PdfRef, add: (o: PdfDict | ReturnType<typeof formXObject>) => PdfRef): PdfDict {
  const { x, y, w, h } = field.rect;
  const blank = add(formXObject(w, h, new PdfDict(), ''));
  return new PdfDict()
    .set('Type', name('Annot'))
    .set('Subtype', name('Widget'))
    .set('FT', name('Tx'))
    .set('T', PdfString.fromText(field.name))
    .set('Ff', 1) // ReadOnly: filled by the issuing system, not typed in a viewer
    .set('F', 4) // Print
    .set('Rect', [x, y, x + w, y + h])
    .set('P', pageRef)
    .set('DA', PdfString.fromText(`/Helv ${Math.round(field.fontSize * 100) / 100} Tf 0 g`))
    .set('MK', new PdfDict().set('BG', [1]))
    .set('AP', new PdfDict().set('N', blank));
}
