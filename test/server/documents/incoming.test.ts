import fs from 'node:fs';
import path from 'node:path';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

const meta = (over: Record<string, unknown> = {}) => ({
  issuer: 'Ủy ban nhân dân tỉnh Bắc Ninh',
  symbol: '15/QĐ-UBND',
  docType: 'QĐ',
  issuedDate: '2026-11-20',
  subject: 'Về việc tăng cường công tác chuyển đổi số',
  urgency: 'khan',
  secrecy: 'normal',
  pages: 2,
  ...over,
});

describe('incoming paper documents', () => {
  let w: DemoWorld;
  let pdf: Buffer;
  beforeAll(async () => {
    w = await startDemoWorld();
    pdf = await makeDraftPdf({ title: 'QUYẾT ĐỊNH bản quét' });
  });
  afterAll(() => w.t.stop());

  const countRows = async (table: string) => Number((await w.t.database.db(table).count({ n: '*' }))[0].n);
  const blobFiles = () => {
    const dir = path.join(w.t.dataDir, 'blobs');
    const walk = (d: string): string[] => (fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [e.name])) : []);
    return walk(dir).filter((f) => /^[0-9a-f]{64}$/.test(f));
  };

  it('registers a scanned document with the next arrival number, shown with two digits', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const res = await clerk.post('/incoming', pdfForm(pdf, meta()));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ arrivalNumber: 1, arrivalNumberText: '01', status: 'registered', source: 'paper', symbol: '15/QĐ-UBND', hasFile: true, urgencyText: 'Khẩn' });
    expect(res.body.arrivalAt).toEqual(expect.any(String));
    const file = await fetch(`${w.t.url}/api/v1/documents/${res.body.id}/file`, { headers: { authorization: `Bearer ${clerk.token}` } });
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    const range = await fetch(`${w.t.url}/api/v1/documents/${res.body.id}/file`, { headers: { authorization: `Bearer ${clerk.token}`, range: 'bytes=0-7' } });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).toString('latin1')).toBe('%PDF-1.7');
  });

  it('numbers gap-free and uniquely under 50 parallel registrations, and warns about duplicates', async () => {
    const clerk = await w.as('vanthu.xuanlai');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => clerk.post('/incoming', pdfForm(pdf, meta({ symbol: `${i + 100}/TB-UBND`, docType: 'TB' })))));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const numbers = results.map((r) => r.body.arrivalNumber).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const dup = await clerk.post('/incoming', pdfForm(pdf, meta({ symbol: '100/TB-UBND', docType: 'TB' })));
    expect(dup.status).toBe(201);
    expect(dup.body.arrivalNumber).toBe(51);
    expect(dup.body.warnings[0]).toMatch(/Có thể trùng/);
  });

  it('does not register twice when the same request is retried with the same Idempotency-Key', async () => {
    const clerk = await w.as('vanthu.daidong');
    const headers = { 'idempotency-key': 'retry-abc-1' };
    const first = await clerk.request('POST', '/incoming', pdfForm(pdf, meta({ symbol: '77/CV-UBND', docType: 'CV' })), headers);
    const [second, third] = await Promise.all([
      clerk.request('POST', '/incoming', pdfForm(pdf, meta({ symbol: '77/CV-UBND', docType: 'CV' })), headers),
      clerk.request('POST', '/incoming', pdfForm(pdf, meta({ symbol: '77/CV-UBND', docType: 'CV' })), headers),
    ]);
    expect(first.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(third.body.id).toBe(first.body.id);
    const orgId = (await w.t.database.db('organizations').where({ code: ORG.communeDaiDong }).first()).id;
    expect(Number((await w.t.database.db('documents').where({ organization_id: orgId, symbol: '77/CV-UBND' }).count({ n: '*' }))[0].n)).toBe(1);
    const other = await clerk.request('POST', '/incoming', pdfForm(pdf, meta({ symbol: '78/CV-UBND', docType: 'CV' })), headers);
    expect([other.status, other.body.error.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
    const next = await clerk.post('/incoming', pdfForm(pdf, meta({ symbol: '79/CV-UBND', docType: 'CV' })));
    expect(next.body.arrivalNumber).toBe(first.body.arrivalNumber + 1);
  });

  it('registers secret documents as metadata only, in their own series, and refuses their files', async () => {
    const clerk = await w.as('vanthu.tinh');
    const docsBefore = await countRows('documents');
    const blobsBefore = blobFiles().length;
    for (const metaFirst of [true, false]) {
      const refused = await clerk.post('/incoming', pdfForm(pdf, meta({ secrecy: 'mat', symbol: '01/M-UBND' }), 'mat.pdf', metaFirst));
      expect([refused.status, refused.body.error.code]).toEqual([400, 'SECRET_DOCUMENT_NO_FILE']);
      expect(refused.body.error.message).toMatch(/không được lưu trữ hoặc truyền/);
    }
    expect(await countRows('documents')).toBe(docsBefore);
    expect(blobFiles().length).toBe(blobsBefore);
    const secret = await clerk.post('/incoming', pdfForm(null, meta({ secrecy: 'toi_mat', symbol: '02/M-UBND' })));
    expect(secret.status).toBe(201);
    expect(secret.body).toMatchObject({ hasFile: false, secrecy: 'toi_mat', arrivalNumber: 1 });
    const normal = await clerk.post('/incoming', pdfForm(pdf, meta({ symbol: '03/QĐ-UBND' })));
    expect(normal.body.arrivalNumber).toBe(1);
    expect(normal.body.registerId).not.toBe(secret.body.registerId);
  });

  it('rejects bad input cleanly with nothing half-written', async () => {
    const clerk = await w.as('vanthu.giabinh');
    const docsBefore = await countRows('documents');
    const blobsBefore = blobFiles().length;
    const notPdf = await clerk.post('/incoming', pdfForm(Buffer.from('hello, this is not a pdf at all'), meta()));
    expect([notPdf.status, notPdf.body.error.code]).toEqual([400, 'NOT_A_PDF']);
    const truncated = await clerk.post('/incoming', pdfForm(pdf.subarray(0, 400), meta()));
    expect(truncated.status).toBe(400);
    const badMeta = await clerk.post('/incoming', pdfForm(pdf, meta({ docType: 'XYZ', issuedDate: '20/11/2026' })));
    expect([badMeta.status, badMeta.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const json = await clerk.post('/incoming', meta());
    expect([json.status, json.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const official = await w.as('chuyenvien.giabinh');
    expect((await official.post('/incoming', pdfForm(pdf, meta()))).status).toBe(403);
    expect(await countRows('documents')).toBe(docsBefore);
    expect(blobFiles().length).toBe(blobsBefore);
    const ok = await clerk.post('/incoming', pdfForm(pdf, meta()));
    expect(ok.body.arrivalNumber).toBe(1);
  });

  it('keeps documents inside their organisation: others get 404', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const created = await clerk.post('/incoming', pdfForm(pdf, meta({ symbol: '99/QĐ-UBND' })));
    const outsider = await w.as('vanthu.xuanlai');
    const leaderElsewhere = await w.as('lanhdao.tinh');
    for (const client of [outsider, leaderElsewhere]) {
      expect((await client.get(`/documents/${created.body.id}`)).status).toBe(404);
      expect((await client.get(`/documents/${created.body.id}/file`)).status).toBe(404);
      expect((await client.get(`/documents/${created.body.id}/history`)).status).toBe(404);
      expect((await client.post(`/documents/${created.body.id}/submit`, { leaderId: client.userId })).status).toBe(404);
    }
    expect((await clerk.get('/documents/not-a-uuid')).status).toBe(404);
  });
});
