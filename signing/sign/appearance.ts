import { name, PdfDict, PdfStream } from '../pdf';
import { formatNumber as f } from '../pdf/serialize';
import { CompositeFont, ObjectSink } from '../fonts/embed-font';
import { createHash } from 'crypto';
import { decodePng, type DecodedPng } from './png';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const decodedImages = new Map<string, DecodedPng>();
const DECODED_IMAGES_KEPT = 32;

/**
 * Decoding a PNG and deflating its planes again is a pure function of its bytes and costs ~10 ms
 * for a seal: an agency stamps the same seal image on every document it issues, so the decoded
 * planes are remembered per exact PNG bytes (read-only: they are only written out).
 */
function decodedImage(png: Buffer): DecodedPng {
  const key = createHash('sha256').update(png).digest('base64');
  const known = decodedImages.get(key);
  if (known) return known;
  const img = decodePng(png);
  if (decodedImages.size >= DECODED_IMAGES_KEPT) decodedImages.delete(decodedImages.keys().next().value!);
  decodedImages.set(key, img);
  return img;
}

/** An image XObject (with soft mask when the PNG has transparency). */
export function imageXObject(png: Buffer, sink: ObjectSink): { ref: import('../pdf').PdfRef; width: number; height: number; dpiX?: number; dpiY?: number } {
  const img = decodedImage(png);
  const dict = (channels: 1 | 3): PdfDict =>
    new PdfDict()
      .set('Type', name('XObject'))
      .set('Subtype', name('Image'))
      .set('Width', img.width)
      .set('Height', img.height)
      .set('ColorSpace', name(channels === 3 ? 'DeviceRGB' : 'DeviceGray'))
      .set('BitsPerComponent', 8)
      .set('Filter', name('FlateDecode'));
  const main = dict(img.channels);
  if (img.alphaDeflated) main.set('SMask', sink.add(PdfStream.ofData(dict(1), img.alphaDeflated)));
  return { ref: sink.add(PdfStream.ofData(main, img.colorDeflated)), width: img.width, height: img.height, dpiX: img.dpiX, dpiY: img.dpiY };
}

function formXObject(w: number, h: number, resources: PdfDict, content: string): PdfStream {
  return PdfStream.ofData(
    new PdfDict().set('Type', name('XObject')).set('Subtype', name('Form')).set('BBox', [0, 0, w, h]).set('Resources', resources),
    Buffer.from(content, 'latin1'),
  );
}

/** Image scaled to fit and centred in the box (Decree 30: centred in the signature block). */
export function imageAppearance(png: Buffer, box: Rect, sink: ObjectSink): PdfStream {
  const img = imageXObject(png, sink);
  const scale = Math.min(box.w / img.width, box.h / img.height);
  const w = img.width * scale;
  const h = img.height * scale;
  const content = `q ${f(w)} 0 0 ${f(h)} ${f((box.w - w) / 2)} ${f((box.h - h) / 2)} cm /Im0 Do Q`;
  return formXObject(box.w, box.h, new PdfDict().set('XObject', new PdfDict().set('Im0', img.ref)), content);
}

export const TEXT_SIZE = 10;
const LEADING = 12;
const PADDING = 2;

/** Content-stream operators drawing `lines` top-down from `top` (black, upright). */
export function textOperators(font: CompositeFont, lines: string[], left: number, top: number, size = TEXT_SIZE): string {
  let out = 'BT 0 g\n';
  lines.forEach((line, i) => {
    const y = top - size - i * LEADING * (size / TEXT_SIZE) + 2;
    out += `1 0 0 1 ${f(left)} ${f(y)} Tm\n`;
    for (const run of font.encode(line)) out += `/${run.resource} ${f(size)} Tf <${run.hex}> Tj\n`;
  });
  return `${out}ET`;
}

/** Size of a text block of `lines` at the Decree's size 10. */
export function textBlockSize(font: CompositeFont, lines: string[]): { w: number; h: number } {
  const w = Math.max(...lines.map((l) => font.width(l, TEXT_SIZE)));
  return { w: Math.ceil(w + 2 * PADDING), h: lines.length * LEADING + 2 * PADDING };
}

/** A clean text-only appearance; the font is embedded (subset) by the caller after all text is known. */
export function textAppearance(font: CompositeFont, lines: string[], box: Rect, fonts: PdfDict): PdfStream {
  const content = textOperators(font, lines, PADDING, box.h - PADDING);
  return formXObject(box.w, box.h, new PdfDict().set('Font', fonts), content);
}

export { formXObject };

/** What a signature block signed on behalf prints (Decree 30): lines above the signature, the name below. */
export interface SignatureBlockText {
  /** "KT. CHỦ TỊCH", then the signer's own title "PHÓ CHỦ TỊCH" (one line for "Q."). */
  above: string[];
  name: string;
  /** Names that must not be printed where the block goes (the one signed for): the draft was laid out for another signer. */
  notPrinted?: string[];
}

const BLOCK_IMAGE_HEIGHT = 60;

/** Size of a whole signature block: the lines above, the signature (image, or `middle` text), the name. */
export function signatureBlockSize(font: CompositeFont, block: SignatureBlockText, middle: string[] | null): { w: number; h: number } {
  const texts = [...block.above, block.name, ...(middle ?? [])];
  const w = Math.max(200, ...texts.map((l) => Math.ceil(font.width(l, TEXT_SIZE) + 2 * PADDING)));
  const mid = middle ? middle.length * LEADING : BLOCK_IMAGE_HEIGHT;
  return { w, h: (block.above.length + 1) * LEADING + mid + 2 * PADDING + LEADING / 2 };
}

/**
 * The whole signature block of one who signs on behalf, as Decree 30 lays it out: the authority
 * and title lines centred on top, the signature image (or the signer text) centred under them, the
 * name centred at the bottom.
 */
export function signatureBlockAppearance(font: CompositeFont, block: SignatureBlockText, box: Rect, fonts: PdfDict, sink: ObjectSink, image: Buffer | null, middle: string[] | null): PdfStream {
  const centred = (line: string, top: number): string => textOperators(font, [line], Math.max(PADDING, (box.w - font.width(line, TEXT_SIZE)) / 2), top);
  let content = '';
  let top = box.h - PADDING;
  for (const line of block.above) {
    content += `${centred(line, top)}\n`;
    top -= LEADING;
  }
  const bottom = PADDING + LEADING; // the name's line
  const resources = new PdfDict().set('Font', fonts);
  if (image) {
    const img = imageXObject(image, sink);
    const room = { w: box.w - 2 * PADDING, h: Math.max(1, top - bottom - LEADING / 4) };
    const scale = Math.min(room.w / img.width, room.h / img.height);
    const w = img.width * scale;
    const h = img.height * scale;
    content += `q ${f(w)} 0 0 ${f(h)} ${f((box.w - w) / 2)} ${f(bottom + (top - bottom - h) / 2)} cm /Im0 Do Q\n`;
    resources.set('XObject', new PdfDict().set('Im0', img.ref));
  } else {
    for (const line of middle ?? []) {
      content += `${centred(line, top)}\n`;
      top -= LEADING;
    }
  }
  content += centred(block.name, bottom);
  return formXObject(box.w, box.h, resources, content);
}
