import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { DEMO_PIN } from '../../helpers/signing-setup';

describe('an extra register for legal normative documents', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld({ VANBAN_DEMO_PKI: '1' });
  }, 120_000);
  afterAll(() => w.t.stop());

  async function issue(docType: string, subject: string) {
    const official = await w.as('chuyenvien.tinh');
    const leader = await w.as('lanhdao.tinh');
    const leaderName = (await leader.get('/auth/me')).body.fullName;
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: leaderName }), { docType, subject, recipients: [ORG.districtTienDu] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    await leader.post(`/documents/${draft.id}/sign`, { pin: DEMO_PIN });
    return (await (await w.as('vanthu.tinh')).post(`/documents/${draft.id}/issue`)).body;
  }

  it('numbers its types in their own series with the year in the symbol; other types stay in the general register', async () => {
    const clerk = await w.as('vanthu.tinh');
    expect((await clerk.post('/registers', { kind: 'outgoing', code: 'qppl', name: 'Sổ văn bản quy phạm pháp luật', docTypes: ['QĐ', 'NQ'], yearInSymbol: true })).status).toBe(403);
    const admin = await w.as('quantri.tinh');
    const created = await admin.post('/registers', { kind: 'outgoing', code: 'qppl', name: 'Sổ văn bản quy phạm pháp luật', docTypes: ['QĐ', 'NQ'], yearInSymbol: true });
    expect(created.status).toBe(201);
    expect((await admin.post('/registers', { kind: 'outgoing', code: 'qppl', name: 'Trùng', docTypes: ['QĐ'] })).status).toBe(400);
    const year = new Date().getUTCFullYear();
    const decision = await issue('QĐ', 'Quyết định ban hành quy định');
    expect(decision.symbol).toBe(`01/${year}/QĐ-UBND`);
    expect(decision.registerId).toBe(created.body.id);
    const notice = await issue('TB', 'Thông báo thường');
    expect(notice.symbol).toBe('01/TB-UBND');
    const second = await issue('NQ', 'Nghị quyết');
    expect(second.symbol).toBe(`02/${year}/NQ-UBND`);
  }, 120_000);
});

describe('upload size limit', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld({ VANBAN_MAX_UPLOAD_MB: '0.02' });
  });
  afterAll(() => w.t.stop());

  it('refuses a file over the limit with 413 and keeps nothing', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const big = await makeDraftPdf({ pages: 40 });
    expect(big.length).toBeGreaterThan(0.02 * 1024 * 1024);
    const res = await clerk.post('/incoming', pdfForm(big, { issuer: 'Sở Nội vụ', symbol: '1/SNV', docType: 'CV', issuedDate: '2026-01-02', subject: 'Tệp quá lớn', pages: 40 }));
    expect([res.status, res.body.error.code]).toEqual([413, expect.stringMatching(/PAYLOAD_TOO_LARGE|BLOB_TOO_LARGE/)]);
    expect(Number((await w.t.database.db('documents').count({ n: '*' }))[0].n)).toBe(0);
  });
});
