import { createHash } from 'crypto';
import { deflateSync } from 'zlib';
import { name, PdfDict, PdfObject, PdfRef, PdfStream, PdfString } from '../pdf';
import { FontFace, tinosFaces } from './tinos';

/** Collects new indirect objects for an incremental update. */
export interface ObjectSink {
  add(value: PdfObject): PdfRef;
}

/** A text run drawn with one embedded face: PDF resource name + hex glyph string. */
export interface EncodedRun {
  resource: string;
  hex: string;
  width: number; // in text space units at size 1
}

interface FaceUse {
  face: FontFace;
  resource: string;
  /** Glyph id → the text it stands for (for ToUnicode). */
  glyphs: Map<number, string>;
}

/**
 * Text in Tinos across its unicode-range subset files: each character is drawn with the first
 * face that has it. Faces are embedded as Type0/Identity-H with CID = glyph id, so no glyph
 * renumbering is needed; each face file is itself a small subset of Tinos.
 */
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
      let use = this.uses[0];
      let gid = 0;
      for (const u of this.uses) {
        const g = u.face.glyphForCodePoint(cp);
        if (g) {
          use = u;
          gid = g;
          break;
        }
      }
      if (!use.glyphs.has(gid)) use.glyphs.set(gid, ch);
      const w = use.face.advanceWidth(gid) / use.face.unitsPerEm;
      const hex = gid.toString(16).padStart(4, '0');
      const last = runs[runs.length - 1];
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
  embed(sink: ObjectSink): PdfDict {
    const fonts = new PdfDict();
    for (const use of this.uses) {
      if (use.glyphs.size === 0) continue;
      fonts.set(use.resource, embedFace(use, sink));
    }
    return fonts;
  }
}

/** Subset tag derived from the face file: deterministic, so two-phase equals one-go. */
function subsetTag(face: FontFace): string {
  const h = createHash('sha256').update(face.subset).digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (h[i] % 26));
  return tag;
}

function toUnicodeCMap(use: FaceUse): Buffer {
  const lines: string[] = [];
  for (const [gid, text] of [...use.glyphs].sort((a, b) => a[0] - b[0])) {
    const u = Buffer.from(text, 'utf16le');
    u.swap16();
    lines.push(`<${gid.toString(16).padStart(4, '0')}> <${u.toString('hex')}>`);
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

function embedFace(use: FaceUse, sink: ObjectSink): PdfRef {
  const face = use.face;
  const scale = 1000 / face.unitsPerEm;
  const fontName = `${subsetTag(face)}+${face.postscriptName}`;
  const fontFile = sink.add(PdfStream.ofData(new PdfDict().set('Filter', name('FlateDecode')).set('Length1', face.sfnt.length), face.fontFile));
  const descriptor = sink.add(
    new PdfDict()
      .set('Type', name('FontDescriptor'))
      .set('FontName', name(fontName))
      .set('Flags', 32)
      .set('FontBBox', face.bbox.map((v) => Math.round(v * scale)))
      .set('ItalicAngle', 0)
      .set('Ascent', Math.round(face.ascent * scale))
      .set('Descent', Math.round(face.descent * scale))
      .set('CapHeight', Math.round(face.capHeight * scale))
      .set('StemV', 80)
      .set('FontFile2', fontFile),
  );
  const w: PdfObject[] = [];
  for (const gid of [...use.glyphs.keys()].sort((a, b) => a - b)) w.push(gid, [Math.round(face.advanceWidth(gid) * scale)]);
  const cidFont = sink.add(
    new PdfDict()
      .set('Type', name('Font'))
      .set('Subtype', name('CIDFontType2'))
      .set('BaseFont', name(fontName))
      .set('CIDSystemInfo', new PdfDict().set('Registry', new PdfString(Buffer.from('Adobe'))).set('Ordering', new PdfString(Buffer.from('Identity'))).set('Supplement', 0))
      .set('FontDescriptor', descriptor)
      .set('CIDToGIDMap', name('Identity'))
      .set('DW', 1000)
      .set('W', w),
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
