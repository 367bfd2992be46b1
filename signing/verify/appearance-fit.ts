import { PdfDict, PdfObject, PdfReader, PdfStream } from '../pdf';

const TOLERANCE = 1; // points: rounding in writers

function numbers(o: PdfObject | undefined, n: number): number[] | undefined {
  return Array.isArray(o) && o.length === n && o.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (o as number[]) : undefined;
}

/**
 * Why a form-fill appearance (`ap`, the widget's new /AP) could show more than the filled value
 * in its widget, or null when it cannot: a single normal appearance stream whose bounding box,
 * after its /Matrix, is no larger than the widget's /Rect. Viewers clip to /BBox and map it onto
 * /Rect; one that maps a larger box without scaling would paint beyond the widget.
 */
export async function appearanceFits(reader: PdfReader, revision: number, widget: PdfDict, ap: PdfObject | undefined): Promise<string | null> {
  const opts = { revision };
  const dict = await reader.resolveDict(ap, opts);
  if (!dict) return 'no appearance dictionary';
  const extra = [...dict.map.keys()].filter((k) => k !== 'N');
  if (extra.length) return `appearance entries ${extra.map((k) => `/${k}`).join(' ')} besides /N`;
  const n = await reader.resolve(dict.get('N'), opts);
  if (!(n instanceof PdfStream)) return 'the normal appearance is not a stream';
  const rect = numbers(await reader.resolve(widget.get('Rect'), opts), 4);
  const bbox = numbers(await reader.resolve(n.dict.get('BBox'), opts), 4);
  if (!rect || !bbox) return 'missing /Rect or /BBox';
  const m = n.dict.has('Matrix') ? numbers(await reader.resolve(n.dict.get('Matrix'), opts), 6) : [1, 0, 0, 1, 0, 0];
  if (!m) return 'bad /Matrix';
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [[bbox[0], bbox[1]], [bbox[2], bbox[1]], [bbox[0], bbox[3]], [bbox[2], bbox[3]]]) {
    xs.push(m[0] * x + m[2] * y + m[4]);
    ys.push(m[1] * x + m[3] * y + m[5]);
  }
  const w = Math.max(...xs) - Math.min(...xs);
  const h = Math.max(...ys) - Math.min(...ys);
  const rw = Math.abs(rect[2] - rect[0]);
  const rh = Math.abs(rect[3] - rect[1]);
  if (w > rw + TOLERANCE || h > rh + TOLERANCE) return `appearance box ${w.toFixed(1)}×${h.toFixed(1)} larger than the widget ${rw.toFixed(1)}×${rh.toFixed(1)}`;
  return null;
}
