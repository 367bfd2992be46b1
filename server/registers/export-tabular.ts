import ExcelJS from 'exceljs';
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

export async function registerBookXlsx(book: RegisterBook): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Vanban';
  const sheet = workbook.addWorksheet('So', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.mergeCells(1, 1, 1, book.columns.length);
  sheet.getCell(1, 1).value = book.organization;
  sheet.mergeCells(2, 1, 2, book.columns.length);
  sheet.getCell(2, 1).value = book.title;
  sheet.getCell(2, 1).font = { bold: true, size: 14, name: 'Times New Roman' };
  sheet.getCell(2, 1).alignment = { horizontal: 'center' };
  sheet.mergeCells(3, 1, 3, book.columns.length);
  sheet.getCell(3, 1).value = book.period;
  sheet.getCell(3, 1).alignment = { horizontal: 'center' };
  const header = sheet.getRow(5);
  book.columns.forEach((title, i) => {
    const cell = header.getCell(i + 1);
    cell.value = title;
    cell.font = { bold: true, name: 'Times New Roman' };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    sheet.getColumn(i + 1).width = book.widths[i] * 1.6;
  });
  book.rows.forEach((row, r) => {
    const excelRow = sheet.getRow(6 + r);
    row.forEach((value, i) => {
      const cell = excelRow.getCell(i + 1);
      cell.value = neutraliseFormula(value);
      cell.font = { name: 'Times New Roman' };
      cell.alignment = { wrapText: true, vertical: 'top' };
      cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
