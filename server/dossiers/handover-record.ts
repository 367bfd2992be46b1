import type { PDFPage } from 'pdf-lib';
import { fontkit, pdfLib } from '../registers/on-demand-libraries';
import { drawLine, embedTinos, widthOf, wrap, type Face } from '../registers/print-register';

/** One dossier row of the hand-over record. */
export interface HandoverDossier {
  code: string | null;
  title: string;
  openedOn: string | null;
  closedOn: string | null;
  retention: string;
  documentCount: number;
}

export interface HandoverRecord {
  transferId: string;
  organization: string;
  year: number;
  handedAt: Date;
  handedBy: string;
  handedByPosition: string | null;
  dossiers: HandoverDossier[];
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const SIZE = 12;
const LEADING = 16;
const TABLE_SIZE = 10;
const TABLE_LEADING = 12;

/** Dates on the record are Vietnamese calendar days (UTC+7), whatever the server's zone. */
const vnParts = (d: Date) => {
  const v = new Date(d.getTime() + 7 * 3_600_000);
  return { day: String(v.getUTCDate()).padStart(2, '0'), month: String(v.getUTCMonth() + 1).padStart(2, '0'), year: v.getUTCFullYear() };
};
const dmy = (ymd: string | null) => (ymd ? ymd.split('-').reverse().join('/') : '');

/**
 * Biên bản giao nộp hồ sơ, tài liệu (Decree 30/2020, Appendix V–VI): the agency's header and the
 * national motto, the date, both sides, what is handed over (period, counts), the list of dossiers
 * and the two signature blocks. Printed with Tinos like the registers, so Vietnamese text survives
 * text extraction and looks like a Times New Roman document.
 */
export async function printHandoverRecord(r: HandoverRecord): Promise<Buffer> {
  const doc = await pdfLib().PDFDocument.create();
  doc.registerFontkit(fontkit());
  doc.setTitle(`Biên bản giao nộp hồ sơ, tài liệu năm ${r.year}`);
  doc.setCreator('Vanban');
  const regular = await embedTinos(doc, 400);
  const bold = await embedTinos(doc, 700);
  const width = A4[0] - 2 * MARGIN;
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const ensure = (height: number) => {
    if (y - height >= MARGIN) return;
    page = doc.addPage(A4);
    y = A4[1] - MARGIN;
  };
  const centred = (text: string, cx: number, faces: Face[], size: number, atY: number) => drawLine(page, text, cx - widthOf(text, faces, size) / 2, atY, faces, size);
  const paragraph = (text: string, faces: Face[] = regular, indent = 0) => {
    for (const line of wrap(text, width - indent, faces, SIZE)) {
      ensure(LEADING);
      y -= LEADING;
      drawLine(page, line, MARGIN + indent, y, faces, SIZE);
    }
  };

  // Header: agency on the left, national motto on the right, the place and date under the motto.
  const leftX = MARGIN + width * 0.22;
  const rightX = MARGIN + width * 0.68;
  const left = wrap(r.organization.toLocaleUpperCase('vi'), width * 0.44, bold, 11);
  left.forEach((line, i) => centred(line, leftX, bold, 11, y - 12 - i * 14));
  centred('Số:      /BB-LT', leftX, regular, 11, y - 16 - left.length * 14);
  centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, bold, 11, y - 12);
  centred('Độc lập - Tự do - Hạnh phúc', rightX, bold, 12, y - 26);
  page.drawLine({ start: { x: rightX - 75, y: y - 31 }, end: { x: rightX + 75, y: y - 31 }, thickness: 0.6, color: pdfLib().rgb(0, 0, 0) });
  const { day, month, year } = vnParts(r.handedAt);
  centred(`ngày ${day} tháng ${month} năm ${year}`, rightX, regular, 12, y - 50);
  y -= Math.max(60, 40 + left.length * 14);

  y -= 24;
  centred('BIÊN BẢN', A4[0] / 2, bold, 14, y);
  y -= 18;
  centred('Về việc giao nộp hồ sơ, tài liệu vào Lưu trữ cơ quan', A4[0] / 2, bold, 12, y);
  y -= 10;

  paragraph('Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;');
  paragraph(`Căn cứ Danh mục hồ sơ năm ${r.year} của ${r.organization};`);
  paragraph(`Hôm nay, ngày ${day} tháng ${month} năm ${year}, tại ${r.organization}, chúng tôi gồm:`);
  paragraph(`BÊN GIAO: ${r.handedBy}${r.handedByPosition ? `, ${r.handedByPosition}` : ''}, đại diện các đơn vị, cá nhân lập hồ sơ.`, bold);
  paragraph(`BÊN NHẬN: Lưu trữ cơ quan, ${r.organization}.`, bold);
  paragraph('Thống nhất lập biên bản giao nộp hồ sơ, tài liệu như sau:');
  const opened = r.dossiers.map((d) => d.openedOn).filter((d): d is string => Boolean(d)).sort();
  const closed = r.dossiers.map((d) => d.closedOn).filter((d): d is string => Boolean(d)).sort();
  const documents = r.dossiers.reduce((n, d) => n + d.documentCount, 0);
  paragraph(`1. Tên khối tài liệu giao nộp: Hồ sơ công việc năm ${r.year} của ${r.organization}.`, regular, 14);
  paragraph(`2. Thời gian của tài liệu: từ ${dmy(opened[0] ?? null)} đến ${dmy(closed[closed.length - 1] ?? null)}.`, regular, 14);
  paragraph(`3. Số lượng tài liệu: ${r.dossiers.length} hồ sơ, ${documents} văn bản; kèm tệp PDF đã ký số và báo cáo kiểm tra chữ ký số của từng tệp.`, regular, 14);
  paragraph('4. Mục lục hồ sơ, tài liệu nộp lưu:', regular, 14);
  y -= 4;

  const columns = ['STT', 'Mã hồ sơ', 'Tiêu đề hồ sơ', 'Thời gian bắt đầu - kết thúc', 'Thời hạn bảo quản', 'Số lượng văn bản'];
  const shares = [5, 13, 37, 19, 13, 13];
  const widths = shares.map((s) => (s / 100) * width);
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const row = (cells: string[], faces: Face[], header = false) => {
    const lines = cells.map((c, i) => wrap(c, widths[i] - 6, faces, TABLE_SIZE));
    const height = Math.max(...lines.map((l) => l.length)) * TABLE_LEADING + 6;
    if (y - height < MARGIN) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
      if (!header) row(columns, bold, true);
    }
    lines.forEach((ls, i) => {
      page.drawRectangle({ x: xs[i], y: y - height, width: widths[i], height, borderColor: pdfLib().rgb(0, 0, 0), borderWidth: 0.5 });
      ls.forEach((line, k) => drawLine(page, line, xs[i] + 3, y - 3 - (k + 1) * TABLE_LEADING + 2, faces, TABLE_SIZE));
    });
    y -= height;
  };
  row(columns, bold, true);
  r.dossiers.forEach((d, i) => row([String(i + 1), d.code ?? '', d.title, `${dmy(d.openedOn)} - ${dmy(d.closedOn)}`, d.retention, String(d.documentCount)], regular));
  y -= 8;
  paragraph(`Mã lần nộp lưu: ${r.transferId}.`);
  paragraph('Biên bản này được lập thành hai bản; bên giao giữ một bản, bên nhận giữ một bản.');

  // Signature blocks stay together on one page.
  ensure(110);
  y -= 28;
  centred('ĐẠI DIỆN BÊN GIAO', leftX, bold, 12, y);
  centred('ĐẠI DIỆN BÊN NHẬN', rightX, bold, 12, y);
  y -= 15;
  centred('(Ký, ghi rõ họ tên)', leftX, regular, 11, y);
  centred('(Ký, ghi rõ họ tên)', rightX, regular, 11, y);
  y -= 64;
  centred(r.handedBy, leftX, bold, 12, y);
  return Buffer.from(await doc.save());
}
