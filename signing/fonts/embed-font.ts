import { deflateSync } from 'zlib';
import type { Font, Glyph } from '@pdf-lib/fontkit';
import { name, PdfDict, PdfRef, PdfStream, PdfString } from '../pdf';
import { tinosFaces } from './tinos';

/** Collects new indirect objects for an incremental update. */
export interface ObjectSink {
  add(value: import('../pdf').PdfObject): PdfRef;
}

/** A text run drawn with one embedded face: PDF resource name + hex glyph string. */
export interface EncodedRun {
  resource: string;
  hex: string;
  width: number; // in text space units at size 1
}

interface FaceUse {
  face: Font;
  resource: string;
  glyphs: Map<number, { cid: number; glyph: Glyph; text: string }>;
}

export class CompositeFont {
  private readonly uses: FaceUse[];

  constructor(prefix = 'TN') {
    this.uses = tinosFaces().map((face, i) => ({ face, resource: `${prefix}${i}`, glyphs: new Map() }));
  }

  /** Splits text into runs per face (NFC first so Vietnamese uses precomposed letters). */
  encode(text: string): EncodedRun[] {
    const runs: EncodedRun[] = [];
    for (const ch of text.normalize('NFC')) {
      const cp = ch.codePointAt(0)!;
      const use = this.uses.find((u) => u.face.hasGlyphForCodePoint(cp)) ?? this.uses[0];
      const glyph = use.face.glyphForCodePoint(cp);
      let g = use.glyphs.get(glyph.id);
      if (!g) {
        g = { cid: use.glyphs.size + 1, glyph, text: ch };
        use.glyphs.set(glyph.id, g);
      }
      const w = glyph.advanceWidth / use.face.unitsPerEm;
      const last = runs[runs.length - 1];
      const hex = g.cid.toString(16).padStart(4, '0');
      if (last && last.resource === use.resource) {
        last.hex += hex;
        last.width += w;
      } else runs.push({ resource: use.resource, hex, width: w });
    }
    return runs;
  }

  width(text: string, size: number): number {
    return this.encode(text).reduce((a, r) => a + r.width, 0) * size;
  }

  /** Writes the used faces as Type0/CIDFontType2 fonts; returns the /Font resource dict. */
  async embed(sink: ObjectSink): Promise<PdfDict> {
    const fonts = new PdfDict();
    for (const use of this.uses) {
      if (use.glyphs.size === 0) continue;
      fonts.set(use.resource, await embedFace(use, sink));
    }
    return fonts;
  }
}

function subsetTag(use: FaceUse): string {
  // Deterministic tag (same glyphs -> same bytes), so two-phase and one-go outputs match.
  let h = 0;
  for (const id of use.glyphs.keys()) h = (h * 31 + id) >>> 0;
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (h % 26));
    h = Math.floor(h / 26) + i * 7;
  }
  return tag;
}

async function subsetBytes(use: FaceUse): Promise<Buffer> {
  const subset = use.face.createSubset();
  // CIDs are assigned in first-use order; the subset keeps that order after .notdef.
  const ordered = [...use.glyphs.values()].sort((a, b) => a.cid - b.cid);
  for (const g of ordered) subset.includeGlyph(g.glyph);
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    subset
      .encodeStream()
      .on('data', (b: Uint8Array) => parts.push(b))
      .on('end', () => resolve(Buffer.concat(parts)));
    setTimeout(() => reject(new Error('font subset encoding did not finish')), 10_000).unref();
  });
}

function toUnicodeCMap(use: FaceUse): Buffer {
  const lines: string[] = [];
  for (const g of use.glyphs.values()) {
    const u = Buffer.from(g.text, 'utf16le');
    u.swap16();
    lines.push(`<${g.cid.toString(16).padStart(4, '0')}> <${u.toString('hex')}>`);
  }
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += 100) {
    const part = lines.slice(i, i + 100);
    chunks.push(`${part.length} beginbfchar\n${part.join('\n')}\nendbfchar`);
  }
  return Buffer.from(
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n' +
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
      '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
      '1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n' +
      `${chunks.join('\n')}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n`,
    'latin1',
  );
}

async function embedFace(use: FaceUse, sink: ObjectSink): Promise<PdfRef> {
  const face = use.face;
  const scale = 1000 / face.unitsPerEm;
  const fontName = `${subsetTag(use)}+${face.postscriptName}`;
  const file = await subsetBytes(use);
  const fontFile = sink.add(PdfStream.ofData(new PdfDict().set('Filter', name('FlateDecode')).set('Length1', file.length), deflateSync(file)));
  const bb = face.bbox;
  const descriptor = sink.add(
    new PdfDict()
      .set('Type', name('FontDescriptor'))
      .set('FontName', name(fontName))
      .set('Flags', 32)
      .set('FontBBox', [bb.minX * scale, bb.minY * scale, bb.maxX * scale, bb.maxY * scale].map(Math.round))
      .set('ItalicAngle', 0)
      .set('Ascent', Math.round(face.ascent * scale))
      .set('Descent', Math.round(face.descent * scale))
      .set('CapHeight', Math.round(face.capHeight * scale))
      .set('StemV', 80)
      .set('FontFile2', fontFile),
  );
  const widths: number[] = [];
  for (const g of [...use.glyphs.values()].sort((a, b) => a.cid - b.cid)) widths.push(Math.round(g.glyph.advanceWidth * scale));
  const cidFont = sink.add(
    new PdfDict()
      .set('Type', name('Font'))
      .set('Subtype', name('CIDFontType2'))
      .set('BaseFont', name(fontName))
      .set('CIDSystemInfo', new PdfDict().set('Registry', new PdfString(Buffer.from('Adobe'))).set('Ordering', new PdfString(Buffer.from('Identity'))).set('Supplement', 0))
      .set('FontDescriptor', descriptor)
      .set('CIDToGIDMap', name('Identity'))
      .set('DW', 1000)
      .set('W', [1, widths]),
  );
  const toUnicode = sink.add(PdfStream.ofData(new PdfDict().set('Filter', name('FlateDecode')), deflateSync(toUnicodeCMap(use))));
  return sink.add(
    new PdfDict()
      .set('Type', name('Font'))
      .set('Subtype', name('Type0'))
      .set('BaseFont', name(fontName))
      .set('Encoding', name('Identity-H'))
      .set('DescendantFonts', [cidFont])
      .set('ToUnicode', toUnicode),
  );
}
