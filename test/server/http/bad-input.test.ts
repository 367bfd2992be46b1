import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

const meta = (over: Record<string, unknown> = {}) => ({
  issuer: 'Ủy ban nhân dân tỉnh Bắc Ninh',
  symbol: '15/QĐ-UBND',
  docType: 'QĐ',
  issuedDate: '2026-11-20',
  subject: 'Về việc tăng cường công tác chuyển đổi số',
  ...over,
});

// Any English zod default ("Too big", "expected string", "Invalid input") leaking to a user.
const ENGLISH = /too (big|small)|expected|invalid input|required|must be|characters|unrecognized/i;

describe('bad input gets a clean, Vietnamese 400', () => {
  let w: DemoWorld;
  let pdf: Buffer;
  beforeAll(async () => {
    w = await startDemoWorld();
    pdf = await makeDraftPdf({ title: 'CÔNG VĂN' });
  });
  afterAll(() => w.t.stop());

  const expect400 = (res: { status: number; body: any }) => {
    expect(res.status).toBe(400);
    expect(res.body.error.code).toEqual(expect.any(String));
    expect(res.body.error.message).not.toMatch(ENGLISH);
  };

  it('refuses NUL bytes in JSON bodies, multipart fields and query strings', async () => {
    const admin = await w.anon.login('admin', (await import('../../helpers/test-server')).ADMIN_PASSWORD);
    expect400(await admin.post('/organizations', { code: 'H06.XA.099', name: 'Xã\u0000 Thử', level: 'commune', parentCode: ORG.districtTienDu }));
    const clerk = await w.as('vanthu.hienvan');
    expect400(await clerk.post('/incoming', pdfForm(pdf, meta({ subject: 'Trích yếu có \u0000 NUL ở giữa' }))));
    expect400(await clerk.get('/inbox?q=%00abc'));
    expect400(await clerk.get(`/registers/follow-up?from=2026-01-01%00&to=2026-12-31`));
    const login = await w.anon.post('/auth/login', { username: 'vanthu\u0000.hienvan', password: 'x' });
    expect([400, 401]).toContain(login.status);
  });

  it('refuses year-0 and out-of-range dates', async () => {
    const clerk = await w.as('vanthu.hienvan');
    expect400(await clerk.post('/incoming', pdfForm(pdf, meta({ issuedDate: '0000-01-01' }))));
    expect400(await clerk.post('/incoming', pdfForm(pdf, meta({ issuedDate: '0000-01-01', secrecy: 'mat' }))));
    expect400(await clerk.get('/registers/follow-up?from=0000-01-01&to=2026-12-31'));
    expect400(await clerk.get('/reports/activity?from=2026-01-01&to=9999-12-31'));
  });

  it('refuses file names longer than 255 characters', async () => {
    const clerk = await w.as('vanthu.hienvan');
    expect400(await clerk.post('/incoming', pdfForm(pdf, meta(), `${'tệp-rất-dài-'.repeat(30)}.pdf`)));
  });

  it('explains validation failures in Vietnamese', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const long = await clerk.post('/incoming', pdfForm(pdf, meta({ subject: 'x'.repeat(2001) })));
    expect400(long);
    expect(long.body.error.message).toMatch(/2000/);
    const wrongType = await w.anon.post('/auth/login', { username: 42, password: [] });
    expect400(wrongType);
    const missing = await w.anon.post('/auth/login', {});
    expect400(missing);
    const badEnum = await clerk.post('/incoming', pdfForm(pdf, meta({ urgency: 'siêu tốc' })));
    expect400(badEnum);
  });
});
