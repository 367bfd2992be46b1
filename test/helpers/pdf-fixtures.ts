import fs from 'node:fs';
import * as fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';

export interface DraftOptions {
  title?: string;
  signerName?: string;
  position?: string;
  /** The lines of the signature block above the signature, instead of `position` (e.g. "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"). */
  blockLines?: string[];
  /** Adds the text fields the clerk's issue fills: so_ky_hieu and ngay_ban_hanh. */
  withFields?: boolean;
  pages?: number;
  /**
   * Prints the number and date lines with blanks, as a Word draft does: `Số:      /UBND-KT` (a stub
   * whose suffix need not match the register) and `<place>, ngày     tháng     năm 20   `.
   */
  printedBlanks?: { stub?: string; place?: string };
}

/**
 * A one-page administrative document laid out like Decree 30's template: agency header, number
 * field, date field, body, the signer's position and name at the bottom right (the anchor for the
 * leader's signature). Drawn with Tinos so Vietnamese renders.
 */
export async function makeDraftPdf(opts: DraftOptions = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const faces = await Promise.all(
    ['latin', 'vietnamese', 'latin-ext'].map(async (s) => {
      const bytes = fs.readFileSync(require.resolve(`@fontsource/tinos/files/tinos-${s}-400-normal.woff`));
      return { font: await doc.embedFont(bytes, { subset: true }), face: fontkit.create(bytes) };
    }),
  );
  const draw = (page: ReturnType<typeof doc.addPage>, text: string, x: number, y: number, size = 12) => {
    for (const ch of text.normalize('NFC')) {
      const f = faces.find((c) => c.face.hasGlyphForCodePoint(ch.codePointAt(0)!)) ?? faces[0];
      page.drawText(ch, { x, y, size, font: f.font, color: rgb(0, 0, 0) });
      x += f.font.widthOfTextAtSize(ch, size);
    }
  };
  const form = doc.getForm();
  for (let p = 0; p < (opts.pages ?? 1); p += 1) {
    const page = doc.addPage([595.28, 841.89]);
    if (p > 0) {
      draw(page, `Trang ${p + 1}`, 280, 800);
      continue;
    }
    draw(page, 'ỦY BAN NHÂN DÂN', 60, 780);
    draw(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 300, 780);
    draw(page, 'Độc lập - Tự do - Hạnh phúc', 340, 762);
    if (opts.withFields) {
      const number = form.createTextField('so_ky_hieu');
      number.addToPage(page, { x: 60, y: 735, width: 180, height: 18, borderWidth: 0 });
      const date = form.createTextField('ngay_ban_hanh');
      date.addToPage(page, { x: 300, y: 735, width: 250, height: 18, borderWidth: 0 });
    }
    if (opts.printedBlanks) {
      draw(page, `Số:        ${opts.printedBlanks.stub ?? '/UBND-KT'}`, 60, 735, 13);
      draw(page, `${opts.printedBlanks.place ?? 'Hiên Vân'}, ngày ..... tháng ..... năm 20...`, 300, 735, 13);
    }
    draw(page, opts.title ?? 'QUYẾT ĐỊNH về việc ban hành quy chế làm việc', 120, 680, 14);
    draw(page, 'Nội dung văn bản thử nghiệm có dấu tiếng Việt: điều hành, phối hợp, hạn xử lý.', 60, 640);
    (opts.blockLines ?? [opts.position ?? 'CHỦ TỊCH']).forEach((line, i, all) => draw(page, line, 380, 220 + (all.length - 1 - i) * 14));
    draw(page, opts.signerName ?? 'Nguyễn Văn A', 370, 120);
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
