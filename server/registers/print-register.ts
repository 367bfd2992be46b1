import fs from 'node:fs';
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { fontkit, pdfLib } from './on-demand-libraries';
import type { RegisterBook } from './register-book';

export interface Face {
  pdf: PDFFont;
  covers: (codePoint: number) => boolean;
}

/**
 * Tinos (metric-compatible with Times New Roman) ships split by script: a Vietnamese line draws
 * each character with the first subset that has it.
 */
export async function embedTinos(doc: PDFDocument, weight: 400 | 700): Promise<Face[]> {
  const faces: Face[] = [];
  for (const subset of ['latin', 'vietnamese', 'latin-ext']) {
    const bytes = fs.readFileSync(require.resolve(`@fontsource/tinos/files/tinos-${subset}-${weight}-normal.woff`));
    const parsed = fontkit().create(bytes);
    faces.push({ pdf: await doc.embedFont(bytes, { subset: true }), covers: (cp) => parsed.hasGlyphForCodePoint(cp) });
  }
  return faces;
}

interface Run {
  text: string;
  font: PDFFont;
}

function runsOf(text: string, faces: Face[]): Run[] {
  const runs: Run[] = [];
  for (const ch of text.normalize('NFC')) {
    const font = (faces.find((f) => f.covers(ch.codePointAt(0)!)) ?? faces[0]).pdf;
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += ch;
    else runs.push({ text: ch, font });
  }
  return runs;
}

export const widthOf = (text: string, faces: Face[], size: number) => runsOf(text, faces).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);

export function drawLine(page: PDFPage, text: string, x: number, y: number, faces: Face[], size: number): void {
  for (const run of runsOf(text, faces)) {
    page.drawText(run.text, { x, y, size, font: run.font, color: pdfLib().rgb(0, 0, 0) });
    x += run.font.widthOfTextAtSize(run.text, size);
  }
}

export function wrap(text: string, width: number, faces: Face[], size: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (widthOf(candidate, faces, size) <= width || !line) line = candidate;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const MARGIN = 36;
const SIZE = 9;
const LEADING = 11;

/** Prints a register book on A4 landscape pages with the prescribed columns, header repeated on each page. */
export async function printRegisterBook(book: RegisterBook): Promise<Buffer> {
  const doc = await pdfLib().PDFDocument.create();
  doc.registerFontkit(fontkit());
  doc.setTitle(book.title);
  doc.setCreator('Vanban');
  const regular = await embedTinos(doc, 400);
  const bold = await embedTinos(doc, 700);
  const tableWidth = A4_LANDSCAPE[0] - 2 * MARGIN;
  const total = book.widths.reduce((a, b) => a + b, 0);
  const widths = book.widths.map((w) => (w / total) * tableWidth);
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));

  let page!: PDFPage;
  let y = 0;
  const drawRow = (cells: string[], faces: Face[]) => {
    const wrapped = cells.map((c, i) => wrap(c, widths[i] - 6, faces, SIZE));
    const height = Math.max(...wrapped.map((l) => l.length)) * LEADING + 6;
    if (y - height < MARGIN) newPage();
    wrapped.forEach((lines, i) => {
      page.drawRectangle({ x: xs[i], y: y - height, width: widths[i], height, borderColor: pdfLib().rgb(0, 0, 0), borderWidth: 0.5 });
      lines.forEach((line, k) => drawLine(page, line, xs[i] + 3, y - 3 - (k + 1) * LEADING + 2, faces, SIZE));
    });
    y -= height;
  };
  const newPage = () => {
    page = doc.addPage(A4_LANDSCAPE);
    y = A4_LANDSCAPE[1] - MARGIN;
    if (doc.getPageCount() === 1) {
      drawLine(page, book.organization, MARGIN, y - 10, bold, 11);
      const titleWidth = widthOf(book.title, bold, 14);
      drawLine(page, book.title, (A4_LANDSCAPE[0] - titleWidth) / 2, y - 34, bold, 14);
      const periodWidth = widthOf(book.period, regular, 11);
      drawLine(page, book.period, (A4_LANDSCAPE[0] - periodWidth) / 2, y - 50, regular, 11);
      y -= 64;
    }
    drawRow(book.columns, bold);
  };
  newPage();
  for (const row of book.rows) drawRow(row, regular);
  if (book.rows.length === 0) drawLine(page, 'Không có văn bản trong kỳ.', MARGIN, y - 16, regular, 10);
  return Buffer.from(await doc.save());
}
