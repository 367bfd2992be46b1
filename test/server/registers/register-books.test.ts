import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

const run = promisify(execFile);

describe('register books: print and export for a date range', () => {
  let w: DemoWorld;
  let registerId: string;
  const year = new Date().getUTCFullYear();
  beforeAll(async () => {
    w = await startDemoWorld();
    const clerk = await w.as('vanthu.snv');
    const pdf = await makeDraftPdf();
    for (let i = 1; i <= 12; i += 1) {
      const res = await clerk.post('/incoming', pdfForm(pdf, { issuer: 'Bộ Nội vụ', symbol: `${i}/BNV-CQĐP`, docType: i % 2 ? 'CV' : 'TB', issuedDate: `${year}-01-05`, subject: `Về việc hướng dẫn số ${i}; có dấu phẩy, "ngoặc kép" và xuống dòng`, urgency: i === 3 ? 'hoa_toc' : 'normal', secrecy: 'normal', pages: 1 }));
      expect(res.status).toBe(201);
    }
    registerId = (await clerk.get('/registers')).body.items.find((r: { code: string }) => r.code === 'den').id;
  });
  afterAll(() => w.t.stop());

  const download = async (format: string, from = `${year}-01-01`, to = `${year}-12-31`) => {
    const clerk = await w.as('vanthu.snv');
    const res = await fetch(`${w.t.url}/api/v1/registers/${registerId}/book?from=${from}&to=${to}&format=${format}`, { headers: { authorization: `Bearer ${clerk.token}` } });
    return { res, body: Buffer.from(await res.arrayBuffer()) };
  };

  it('lists the incoming book with the columns Decree 30 prescribes, numbered 01…', async () => {
    const book = (await (await w.as('vanthu.snv')).get(`/registers/${registerId}/book?from=${year}-01-01&to=${year}-12-31`)).body;
    expect(book.columns).toEqual(['Ngày đến', 'Số đến', 'Tác giả', 'Số, ký hiệu', 'Ngày tháng', 'Tên loại và trích yếu nội dung', 'Đơn vị hoặc người nhận', 'Ngày chuyển', 'Ký nhận', 'Ghi chú']);
    expect(book.rows.map((r: string[]) => r[1])).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']);
    expect(book.rows[2][9]).toMatch(/Hỏa tốc/);
    expect(book.rows[1][5]).toMatch(/^Thông báo: Về việc hướng dẫn số 2/);
    const empty = (await (await w.as('vanthu.snv')).get(`/registers/${registerId}/book?from=${year - 1}-01-01&to=${year - 1}-12-31`)).body;
    expect(empty.rows).toEqual([]);
    const outsider = await w.as('vanthu.stc');
    expect((await outsider.get(`/registers/${registerId}/book?from=${year}-01-01&to=${year}-12-31`)).status).toBe(404);
    expect((await (await w.as('vanthu.snv')).get(`/registers/${registerId}/book?from=${year}-12-31&to=${year}-01-01`)).status).toBe(400);
  });

  it('exports CSV that quotes properly and keeps diacritics', async () => {
    const { res, body } = await download('csv');
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = body.toString('utf8');
    expect(text.split('\r\n')[0]).toContain('Ngày đến,Số đến,Tác giả');
    expect(text).toContain('"Công văn: Về việc hướng dẫn số 1; có dấu phẩy, ""ngoặc kép"" và xuống dòng"');
  });

  it('exports XLSX readable by a spreadsheet library', async () => {
    const { body } = await download('xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getCell(2, 1).value).toBe('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    expect(sheet.getCell(5, 2).value).toBe('Số đến');
    expect(sheet.getCell(6, 2).value).toBe('01');
    expect(sheet.getCell(17, 2).value).toBe('12');
  });

  it('prints a PDF book that qpdf accepts and whose text reads back in Vietnamese', async () => {
    const { res, body } = await download('pdf');
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-book-'));
    const file = path.join(dir, 'so-den.pdf');
    fs.writeFileSync(file, body);
    expect((await run('qpdf', ['--check', file])).stdout).toMatch(/No syntax or stream encoding errors/);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(text).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    expect(text).toContain('Sở Nội vụ tỉnh Bắc Ninh');
    expect(text).toMatch(/Về việc hướng dẫn số 12/);
    fs.mkdirSync(path.resolve('test-artifacts'), { recursive: true });
    await run('pdftoppm', ['-r', '60', '-png', '-singlefile', file, path.resolve('test-artifacts/incoming-register')]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
