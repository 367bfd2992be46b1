import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

describe('outgoing drafts', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
  });
  afterAll(() => w.t.stop());

  it('keeps every uploaded version and serves older ones', async () => {
    const official = await w.as('chuyenvien.xuanlai');
    const first = await makeDraftPdf({ title: 'Dự thảo lần một' });
    const second = await makeDraftPdf({ title: 'Dự thảo lần hai' });
    const draft = await official.post('/outgoing', pdfForm(first, { docType: 'TB', subject: 'Thông báo lịch tiếp công dân', recipients: [ORG.districtGiaBinh] }));
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', currentVersion: 1, recipients: [ORG.districtGiaBinh] });
    await official.post(`/documents/${draft.body.id}/versions`, pdfForm(second, { note: 'Sửa lịch' }));
    const detail = (await official.get(`/documents/${draft.body.id}`)).body;
    expect(detail.versions.map((v: { version: number; note: string }) => [v.version, v.note])).toEqual([[1, 'Dự thảo lần 1'], [2, 'Sửa lịch']]);
    const old = await fetch(`${w.t.url}/api/v1/documents/${draft.body.id}/file?version=1`, { headers: { authorization: `Bearer ${official.token}` } });
    expect(Buffer.from(await old.arrayBuffer()).equals(first)).toBe(true);
    const current = await fetch(`${w.t.url}/api/v1/documents/${draft.body.id}/file`, { headers: { authorization: `Bearer ${official.token}` } });
    expect(Buffer.from(await current.arrayBuffer()).equals(second)).toBe(true);
    const colleague = await w.as('vanthu.xuanlai');
    expect((await colleague.post(`/documents/${draft.body.id}/versions`, pdfForm(first, {}))).status).toBe(403);
  });

  it('validates recipients and refuses to transmit secret documents', async () => {
    const official = await w.as('chuyenvien.xuanlai');
    const pdf = await makeDraftPdf();
    const unknown = await official.post('/outgoing', pdfForm(pdf, { docType: 'TB', subject: 'Gửi nơi không có', recipients: ['000.00.99.H99'] }));
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'ORG_NOT_FOUND']);
    const self = await official.post('/outgoing', pdfForm(pdf, { docType: 'TB', subject: 'Gửi chính mình', recipients: [ORG.communeXuanLai] }));
    expect(self.status).toBe(400);
    const secretFile = await official.post('/outgoing', pdfForm(pdf, { docType: 'BC', subject: 'Báo cáo mật', secrecy: 'mat' }));
    expect(secretFile.body.error.code).toBe('SECRET_DOCUMENT_NO_FILE');
    const secretSend = await official.post('/outgoing', pdfForm(null, { docType: 'BC', subject: 'Báo cáo mật', secrecy: 'mat', recipients: [ORG.districtGiaBinh] }));
    expect(secretSend.body.error.code).toBe('SECRET_DOCUMENT_NO_FILE');
    expect(secretSend.body.error.message).toMatch(/không được gửi qua hệ thống điện tử/);
  });

  it('numbers a secret document in its own series with no file and no electronic delivery', async () => {
    const official = await w.as('chuyenvien.xuanlai');
    const leader = await w.as('lanhdao.xuanlai');
    const clerk = await w.as('vanthu.xuanlai');
    const draft = await official.post('/outgoing', pdfForm(null, { docType: 'BC', subject: 'Báo cáo tình hình an ninh', secrecy: 'toi_mat' }));
    expect(draft.status).toBe(201);
    expect(draft.body.hasFile).toBe(false);
    expect((await official.post(`/documents/${draft.body.id}/submit`, { leaderId: leader.userId })).status).toBe(200);
    // A secret draft has no file to sign: the leader approves it and the clerk numbers it.
    expect((await leader.post(`/documents/${draft.body.id}/sign`, { pin: '123456' })).body.error.code).toBe('SECRET_DOCUMENT_NO_FILE');
    expect((await leader.post(`/documents/${draft.body.id}/approve`)).status).toBe(200);
    const issued = await clerk.post(`/documents/${draft.body.id}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ number: 1, symbol: '01/BC-UBND', deliveries: [], hasFile: false });
    const registers = (await clerk.get('/registers')).body.items;
    expect(registers.find((r: { id: string }) => r.id === issued.body.registerId)).toMatchObject({ code: 'di-mat', secret: true });
  });

  it('enforces who may submit, approve and return', async () => {
    const official = await w.as('chuyenvien.daidong');
    const leader = await w.as('lanhdao.daidong');
    const otherLeader = await w.as('lanhdao.tinh');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf(), { docType: 'KH', subject: 'Kế hoạch tổ chức hội nghị', recipients: [ORG.province] }))).body;
    expect((await official.post(`/documents/${draft.id}/submit`, { leaderId: otherLeader.userId })).status).toBe(404);
    expect((await official.post(`/documents/${draft.id}/approve`)).status).toBe(409);
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    expect((await official.post(`/documents/${draft.id}/approve`)).status).toBe(403);
    expect((await otherLeader.post(`/documents/${draft.id}/approve`)).status).toBe(404);
    expect((await leader.post(`/documents/${draft.id}/return`, { reason: '' })).status).toBe(400);
    const returned = await leader.post(`/documents/${draft.id}/return`, { reason: 'Cần nêu rõ thành phần dự họp' });
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: 'Cần nêu rõ thành phần dự họp' });
    expect((await official.get(`/documents/${draft.id}`)).body.comments[0].body).toBe('Cần nêu rõ thành phần dự họp');
    expect((await official.get('/inbox')).body.items.some((i: { section: string; document: { id: string } }) => i.section === 'my_drafts' && i.document.id === draft.id)).toBe(true);
    expect((await leader.post(`/documents/${draft.id}/sign`, { pin: '123456' })).status).toBe(409);
  });
});
