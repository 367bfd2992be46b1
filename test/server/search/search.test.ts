import fs from 'node:fs';
import * as fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { toTsQuery } from '../../../server/search/search-query';

// @embedded-engine: diacritics-insensitive search needs the WebAssembly build's own unaccent extension.

const meta = (over: Record<string, unknown> = {}) => ({
  issuer: 'Sở Nội vụ tỉnh Bắc Ninh',
  symbol: '15/SNV-TCBC',
  docType: 'CV',
  issuedDate: '2026-11-20',
  subject: 'Về việc báo cáo số lượng cán bộ',
  urgency: 'normal',
  secrecy: 'normal',
  pages: 1,
  ...over,
});

/** A PDF with an ordinary text layer whose words collide with no query below. */
async function plainPdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  doc.addPage([595, 842]).drawText(text, { x: 60, y: 700, size: 12, font });
  return Buffer.from(await doc.save());
}

/** A PDF whose text layer holds exactly `lines`, in Vietnamese (Tinos, subset-embedded). */
async function vietnamesePdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const faces = await Promise.all(
    ['latin', 'vietnamese', 'latin-ext'].map(async (subset) => {
      const bytes = fs.readFileSync(require.resolve(`@fontsource/tinos/files/tinos-${subset}-400-normal.woff`));
      return { font: await doc.embedFont(bytes, { subset: true }), face: fontkit.create(bytes) };
    }),
  );
  const page = doc.addPage([595, 842]);
  lines.forEach((line, i) => {
    let x = 60;
    for (const ch of line.normalize('NFC')) {
      const f = (faces.find((c) => c.face.hasGlyphForCodePoint(ch.codePointAt(0)!)) ?? faces[0]).font;
      page.drawText(ch, { x, y: 760 - i * 20, size: 12, font: f });
      x += f.widthOfTextAtSize(ch, 12);
    }
  });
  return Buffer.from(await doc.save());
}

/** A "scan": one page with a picture-like rectangle and no text layer at all. */
async function scanWithoutText(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawRectangle({ x: 50, y: 50, width: 400, height: 600 });
  return Buffer.from(await doc.save());
}

type Item = { id: string; subject: string; highlight?: { subject: { text: string; hit: boolean }[]; passage: { text: string; hit: boolean }[] } };

describe('full-text search', () => {
  let w: DemoWorld;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await startDemoWorld();
    const clerk = await w.as('vanthu.xuanlai');
    const reg = async (key: string, over: Record<string, unknown>, file?: Buffer) => {
      const res = await clerk.post('/incoming', pdfForm(file ?? (await plainPdf(`Tai lieu dinh kem ${key}`)), meta(over)));
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      ids[key] = res.body.id;
    };
    await reg('congvan', { subject: 'Công văn hướng dẫn thực hiện Nghị quyết của Đảng ủy xã', symbol: '12/UBND-VX' });
    await reg('dang', { subject: 'Kế hoạch tổ chức Đại hội Đảng bộ nhiệm kỳ 2025-2030', docType: 'KH', symbol: '07/KH-ĐU' });
    await reg('ngansach', { subject: 'Báo cáo quyết toán ngân sách xã năm 2025', docType: 'BC', symbol: '30/BC-UBND' });
    await reg('pdf', { subject: 'Tờ trình xin chủ trương', docType: 'TTr', symbol: '08/TTr-UBND' }, await vietnamesePdf(['TỜ TRÌNH', 'về đầu tư hệ thống thoát nước khu dân cư Xuân Lâm']));
    await reg('scan', { subject: 'Giấy mời họp giao ban tháng mười hai', docType: 'GM', symbol: '99/GM-UBND' }, await scanWithoutText());
    await textsExtracted();
  }, 300_000);

  /** The worker's own poll may hold a job while drain() returns: wait until every file is done. */
  async function textsExtracted() {
    await w.t.vanban.jobs.drain();
    for (let i = 0; i < 300; i += 1) {
      const [{ n }] = await w.t.database.db('jobs').where({ kind: 'pdf-text' }).whereNull('done_at').count({ n: '*' });
      if (Number(n) === 0) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('PDF text jobs did not finish');
  }
  afterAll(() => w.t.stop());

  const search = async (q: string, user = 'vanthu.xuanlai', extra = '') => {
    const res = await (await w.as(user)).get(`/documents?q=${encodeURIComponent(q)}${extra}`);
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body.items as Item[];
  };
  const found = async (q: string) => (await search(q)).map((i) => i.id);

  it('builds tsqueries from what users type, and nothing else', () => {
    expect(toTsQuery('cong van')).toBe('cong & van');
    expect(toTsQuery('"kế hoạch" chuyển*')).toBe('(kế <-> hoạch) & chuyển:*');
    expect(toTsQuery('12/UBND-VX -mật')).toBe('(12 <-> UBND <-> VX) & !mật');
    expect(toTsQuery("a' | !b & (c:*")).toBe('a & b & c:*');
    expect(toTsQuery('-x')).toBeNull();
    expect(toTsQuery('  ')).toBeNull();
  });

  it('finds words with diacritics from queries without them, and the reverse', async () => {
    expect(await found('cong van')).toEqual([ids.congvan]);
    expect((await found('dang')).sort()).toEqual([ids.congvan, ids.dang].sort());
    expect((await found('ĐẢNG')).sort()).toEqual([ids.congvan, ids.dang].sort());
    expect(await found('ngan sach')).toEqual([ids.ngansach]);
    expect(await found('quyết toán ngân sách')).toEqual([ids.ngansach]);
  });

  it('matches phrases, prefixes, symbols and exclusions', async () => {
    expect(await found('"dai hoi dang"')).toEqual([ids.dang]);
    expect(await found('"dang dai hoi"')).toEqual([]);
    expect((await found('nghi*')).sort()).toEqual([ids.congvan]);
    expect(await found('12/UBND-VX')).toEqual([ids.congvan]);
    expect(await found('07/KH-DU')).toEqual([ids.dang]);
    expect((await found('dang -"dai hoi"'))).toEqual([ids.congvan]);
  });

  it('searches the text inside PDFs, and scans without text by their metadata', async () => {
    expect(await found('thoat nuoc')).toEqual([ids.pdf]);
    expect(await found('"he thong thoat nuoc"')).toEqual([ids.pdf]);
    expect(await found('giao ban thang muoi hai')).toEqual([ids.scan]);
    const states = async (id: string) => (await w.t.database.db('document_texts as t').join('documents as d', 'd.file_key', 't.file_key').where('d.id', id).first('t.state')).state;
    expect([await states(ids.scan), await states(ids.pdf)]).toEqual(['no_text', 'text']);
    // The PDF's own words, and only in that document.
    expect(await found('tai lieu dinh kem ngansach')).toEqual([ids.ngansach]);
  });

  it('ranks subject matches above matches in the PDF text, and highlights the original words', async () => {
    const clerk = await w.as('vanthu.xuanlai');
    const res = await clerk.post('/incoming', pdfForm(await plainPdf('Tai lieu dinh kem'), meta({ subject: 'Kế hoạch cải tạo hệ thống thoát nước', symbol: '44/KH-UBND', docType: 'KH' })));
    await textsExtracted();
    const items = await search('thoat nuoc');
    expect(items.map((i) => i.id)).toEqual([res.body.id, ids.pdf]);
    expect(items[0].highlight!.subject).toEqual([
      { text: 'Kế hoạch cải tạo hệ thống ', hit: false },
      { text: 'thoát', hit: true },
      { text: ' ', hit: false },
      { text: 'nước', hit: true },
    ]);
    const passage = items[1].highlight!.passage;
    expect(passage.filter((p) => p.hit).map((p) => p.text)).toEqual(expect.arrayContaining(['thoát', 'nước']));
    expect(passage.map((p) => p.text).join('')).toMatch(/hệ thống thoát nước khu dân cư/);
    // Pages of a search keep the ranking order.
    const first = await clerk.get('/documents?q=thoat%20nuoc&limit=1');
    const second = await clerk.get(`/documents?q=thoat%20nuoc&limit=1&cursor=${first.body.nextCursor}`);
    expect([first.body.items[0].id, second.body.items[0].id, second.body.nextCursor]).toEqual([res.body.id, ids.pdf, null]);
  });

  it('searches directions and comments too, and combines with list filters', async () => {
    const clerk = await w.as('vanthu.xuanlai');
    const leader = await w.as('lanhdao.xuanlai');
    const official = await w.as('chuyenvien.xuanlai');
    await clerk.post(`/documents/${ids.ngansach}/submit`, { leaderId: leader.userId });
    await leader.post(`/documents/${ids.ngansach}/direction`, { instruction: 'Giao công chức Kiều Thị Dung đối chiếu sổ kế toán', lead: { userId: official.userId } });
    expect(await found('doi chieu so ke toan')).toEqual([ids.ngansach]);
    expect(await found('dang')).toHaveLength(2);
    expect((await search('dang', 'vanthu.xuanlai', '&docType=KH')).map((i) => i.id)).toEqual([ids.dang]);
  });

  it('never finds other organisations\' documents', async () => {
    expect(await search('cong van', 'vanthu.hienvan')).toEqual([]);
    expect(await search('thoat nuoc', 'lanhdao.tinh')).toEqual([]);
    const res = await (await w.as('vanthu.hienvan')).get(`/documents/${ids.congvan}`);
    expect(res.status).toBe(404);
    expect((await (await w.as('vanthu.hienvan')).get('/documents?book=all')).body.items).toEqual([]);
  });

  it('works for a symbol with the Đ letter typed either way', async () => {
    expect(await found('07/KH-ĐU')).toEqual([ids.dang]);
    expect(ORG.communeXuanLai).toBeTruthy();
  });
});
