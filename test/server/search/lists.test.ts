import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

const meta = (over: Record<string, unknown> = {}) => ({
  issuer: 'Ủy ban nhân dân tỉnh Bắc Ninh',
  issuerCode: ORG.province,
  symbol: '15/QĐ-UBND',
  docType: 'QĐ',
  issuedDate: '2026-11-20',
  subject: 'Về việc tăng cường công tác chuyển đổi số',
  urgency: 'normal',
  secrecy: 'normal',
  pages: 1,
  ...over,
});

describe('document lists: books, filters, keyset paging, export', () => {
  let w: DemoWorld;
  let pdf: Buffer;
  let orgId: string;
  const db = () => w.t.database.db;

  /** Documents written straight to the table, for volume; the API registers the realistic ones. */
  async function insertDocs(n: number, over: (i: number) => Record<string, unknown> = () => ({})) {
    const rows = Array.from({ length: n }, (_, i) => ({
      id: randomUUID(), organization_id: orgId, direction: 'incoming', status: 'registered', source: 'paper', doc_type: 'CV',
      subject: `Văn bản thử số ${i}`, urgency: 'normal', secrecy: 'normal', issuer_name: 'Sở Tài chính', symbol: `${i}/STC-NS`,
      arrival_at: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000), ...over(i),
    }));
    await db()('documents').insert(rows);
    return rows.map((r) => r.id as string);
  }

  beforeAll(async () => {
    w = await startDemoWorld();
    pdf = await makeDraftPdf({ title: 'CÔNG VĂN bản quét' });
    orgId = (await db()('organizations').where({ code: ORG.communeHienVan }).first()).id;
  }, 300_000);
  afterAll(() => w.t.stop());

  it('lists registered incoming documents in the contract shape, newest first, linking to the document', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const a = await clerk.post('/incoming', pdfForm(pdf, meta({ symbol: '01/QĐ-UBND', subject: 'Quyết định về công tác cán bộ' })));
    const b = await clerk.post('/incoming', pdfForm(pdf, meta({ symbol: '02/KH-UBND', docType: 'KH', subject: 'Kế hoạch phòng chống thiên tai', urgency: 'hoa_toc' })));
    expect([a.status, b.status]).toEqual([201, 201]);
    const res = await clerk.get('/documents?book=incoming&limit=10');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([b.body.id, a.body.id]);
    expect(res.body.items[0]).toMatchObject({
      id: b.body.id, book: 'incoming', symbol: '02/KH-UBND', subject: 'Kế hoạch phòng chống thiên tai', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      arrivalNumberText: '02', issuer: 'Ủy ban nhân dân tỉnh Bắc Ninh', docTypeName: 'Kế hoạch', urgencyText: 'Hỏa tốc', statusText: 'Đã vào sổ', starred: false,
    });
    const detail = await clerk.get(`/documents/${res.body.items[0].id}`);
    expect(detail.status).toBe(200);
    expect((await clerk.get('/documents?book=outgoing')).body.items).toEqual([]);
    expect((await clerk.get('/documents?book=all')).body.items).toHaveLength(2);
  });

  it('answers bad filters with Vietnamese messages', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const bad = await clerk.get('/documents?book=sent');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(bad.body.error.message).toMatch(/Danh sách không hợp lệ/);
    expect((await clerk.get('/documents?from=2026-13-01')).body.error.message).toMatch(/YYYY-MM-DD/);
    expect((await clerk.get('/documents?from=2026-05-02&to=2026-05-01')).body.error.message).toMatch(/Ngày kết thúc/);
    expect((await clerk.get('/documents?limit=1000')).status).toBe(400);
    const cursor = await clerk.get('/documents?cursor=bm90LWEtY3Vyc29y');
    expect([cursor.status, cursor.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
    expect((await clerk.get('/documents?q=%22%22')).body.error.message).toMatch(/ít nhất một từ/);
  });

  it('pages with a cursor without gaps or repeats while documents are being added', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const existing = new Set((await clerk.get('/documents?book=all&limit=200')).body.items.map((i: { id: string }) => i.id));
    const ids = await insertDocs(95);
    for (const id of ids) existing.add(id);
    for (const sort of ['date', 'subject', 'arrivalNumber']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      const fresh: string[] = [];
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await clerk.get(`/documents?book=all&limit=7&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
        // Others keep registering: new documents land wherever their sort puts them.
        fresh.push(...(await insertDocs(2, (i) => ({ subject: `Mới thêm ${sort} ${fresh.length + i}`, arrival_at: new Date(), arrival_number: 1000 + fresh.length + i, register_year: 2026 }))));
      } while (cursor);
      expect(fresh.length).toBeGreaterThan(20);
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen.filter((id) => existing.has(id)))).toEqual(existing);
      expect(seen.every((id) => existing.has(id) || fresh.includes(id))).toBe(true);
      for (const id of fresh) existing.add(id);
    }
  });

  it('filters by date range, register, type, organisation, signer, urgency, secrecy, status, handler and overdue', async () => {
    const clerk = await w.as('vanthu.tiendu');
    const leader = await w.as('lanhdao.tiendu');
    const official = await w.as('chuyenvien.tiendu');
    const tienDu = (await db()('organizations').where({ code: ORG.districtTienDu }).first()).id;
    const reg = async (over: Record<string, unknown>) => {
      const res = await clerk.post('/incoming', pdfForm(over.secrecy ? null : pdf, meta(over)));
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      return res.body;
    };
    const plain = await reg({ symbol: '10/CV-STC', docType: 'CV', issuer: 'Sở Tài chính', issuerCode: ORG.finance, subject: 'Công văn về dự toán ngân sách' });
    const urgent = await reg({ symbol: '11/TB-UBND', docType: 'TB', urgency: 'thuong_khan', subject: 'Thông báo lịch tiếp công dân' });
    const secret = await reg({ symbol: '12/QĐ-UBND', secrecy: 'mat', subject: 'Quyết định mật về nhân sự' });
    // Registered "last year": moved in time directly, as the clock of the API cannot be set.
    const old = await reg({ symbol: '13/CV-UBND', docType: 'CV', subject: 'Công văn năm trước' });
    await db()('documents').where({ id: old.id }).update({ arrival_at: new Date('2025-03-10T03:00:00Z') });
    // Directed with a deadline already passed: the lead handler is the official, and it is overdue.
    await clerk.post(`/documents/${urgent.id}/submit`, { leaderId: leader.userId });
    await leader.post(`/documents/${urgent.id}/direction`, { instruction: 'Đồng chí Yến xử lý', lead: { userId: official.userId }, deadline: '2026-12-31' });
    await db()('assignments').where({ document_id: urgent.id }).update({ deadline: new Date('2026-01-02T10:00:00Z') });
    const outgoingId = randomUUID();
    await db()('documents').insert({ id: outgoingId, organization_id: tienDu, direction: 'outgoing', status: 'issued', source: 'draft', doc_type: 'CV', subject: 'Công văn gửi tỉnh', urgency: 'normal', secrecy: 'normal', symbol: '05/UBND-VP', number: 5, recipient_codes: [ORG.province], signed_by: leader.userId, issued_at: new Date(), created_by: official.userId });

    const ids = async (query: string) => {
      const res = await clerk.get(`/documents?${query}`);
      if (res.status !== 200) throw new Error(`${query}: ${JSON.stringify(res.body)}`);
      return res.body.items.map((i: { id: string }) => i.id).sort();
    };
    const sorted = (...xs: string[]) => [...xs].sort();
    expect(await ids('book=incoming')).toEqual(sorted(plain.id, urgent.id, secret.id, old.id));
    expect(await ids('book=incoming&from=2025-01-01&to=2025-12-31')).toEqual([old.id]);
    expect(await ids('book=incoming&from=2025-03-10&to=2025-03-10')).toEqual([old.id]);
    expect(await ids('book=incoming&from=2026-01-01')).toEqual(sorted(plain.id, urgent.id, secret.id));
    const secretRegister = (await db()('documents').where({ id: secret.id }).first()).register_id;
    expect(await ids(`register=${secretRegister}`)).toEqual([secret.id]);
    expect(await ids('book=incoming&docType=TB')).toEqual([urgent.id]);
    expect(await ids(`party=${ORG.finance}`)).toEqual([plain.id]);
    expect(await ids(`party=${ORG.province}&book=outgoing`)).toEqual([outgoingId]);
    expect(await ids(`signer=${leader.userId}`)).toEqual([outgoingId]);
    expect(await ids('urgency=thuong_khan')).toEqual([urgent.id]);
    expect(await ids('secrecy=mat')).toEqual([secret.id]);
    expect(await ids('status=directed')).toEqual([urgent.id]);
    expect(await ids(`handler=${official.userId}`)).toEqual(sorted(urgent.id, outgoingId));
    expect(await ids('overdue=true')).toEqual([urgent.id]);
    const row = (await clerk.get('/documents?overdue=true')).body.items[0];
    expect(row).toMatchObject({ handler: 'Trần Thị Yến', overdue: true, deadline: '2026-01-02T10:00:00.000Z', statusText: 'Đã giao xử lý' });
    expect((await clerk.get('/documents?book=outgoing')).body.items[0]).toMatchObject({ book: 'outgoing', handler: 'Trần Thị Yến', recipients: [ORG.province] });
    // Sort by urgency, descending: the thượng khẩn one first.
    expect((await clerk.get('/documents?book=incoming&sort=urgency&dir=desc')).body.items[0].id).toBe(urgent.id);
  });

  it('exports the filtered list as CSV and XLSX, named after the list and range, with formula cells neutralised', async () => {
    const clerk = await w.as('vanthu.giabinh');
    await clerk.post('/incoming', pdfForm(pdf, meta({ symbol: '20/CV-UBND', docType: 'CV', subject: '=HYPERLINK("http://evil.example","bấm vào đây")' })));
    await clerk.post('/incoming', pdfForm(pdf, meta({ symbol: '21/TB-UBND', docType: 'TB', subject: 'Thông báo kết luận giao ban' })));
    const csv = await fetch(`${w.t.url}/api/v1/documents/export?book=incoming&from=2026-01-01&to=2026-12-31&format=csv`, { headers: { authorization: `Bearer ${clerk.token}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="van-ban-den_2026-01-01_2026-12-31.csv"');
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    expect(text).toContain('Thông báo kết luận giao ban');
    expect(text).toContain('Số, ký hiệu');
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(text).toContain(`"'=HYPERLINK(`);
    const xlsx = await fetch(`${w.t.url}/api/v1/documents/export?book=incoming&docType=CV&format=xlsx`, { headers: { authorization: `Bearer ${clerk.token}` } });
    expect(xlsx.headers.get('content-disposition')).toMatch(/filename="van-ban-den_dau_\d{4}-\d{2}-\d{2}\.xlsx"/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const values = book.worksheets[0].getSheetValues().flat().map((v) => (typeof v === 'object' && v && 'formula' in v ? `FORMULA:${v.formula}` : String(v)));
    expect(values.some((v) => v.includes('HYPERLINK'))).toBe(true);
    expect(values.some((v) => v.startsWith('FORMULA:') || v.startsWith('='))).toBe(false);
    expect(values.some((v) => v.includes('Thông báo kết luận'))).toBe(false);
    const bad = await clerk.get('/documents/export?book=incoming&format=pdf');
    expect(bad.body.error.message).toMatch(/xlsx hoặc csv/);
  });
});
