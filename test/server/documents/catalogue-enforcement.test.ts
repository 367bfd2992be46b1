import { ApiClient } from '../../helpers/api-client';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { equipForSigning, LEADER_PIN } from '../../helpers/signing-setup';
import { ADMIN_PASSWORD } from '../../helpers/test-server';

jest.setTimeout(240_000);

/**
 * Issue 15, round 4: the server, not only the forms, holds the agency to its catalogues — document
 * types in use for what it drafts and registers in its outgoing register, subject areas for dossiers.
 */
describe('the agency catalogues are enforced by the server', () => {
  let w: DemoWorld;
  let admin: ApiClient;
  beforeAll(async () => {
    w = await startDemoWorld();
    admin = await w.anon.login('admin', ADMIN_PASSWORD);
    await equipForSigning(w, [{ leader: 'lanhdao.xuanlai', orgCode: ORG.communeXuanLai }]);
  });
  afterAll(() => w.t.stop());

  const catalog = (kind: string, code: string, name?: string) => admin.post(`/organizations/${ORG.communeXuanLai}/catalog`, { kind, code, name });
  const draft = async (docType: string, subject: string) => {
    const official = await w.as('chuyenvien.xuanlai');
    return official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: 'Vương Văn Lực' }), { docType, subject, recipients: [] }));
  };
  const signed = async (docType: string, subject: string): Promise<string> => {
    const created = await draft(docType, subject);
    expect(created.status).toBe(201);
    const leader = await w.as('lanhdao.xuanlai');
    await (await w.as('chuyenvien.xuanlai')).post(`/documents/${created.body.id}/submit`, { leaderId: leader.userId });
    expect((await leader.post(`/documents/${created.body.id}/sign`, { pin: LEADER_PIN })).body.status).toBe('signed');
    return created.body.id;
  };

  it('document types: open while the agency keeps none; then only the ones in use, for drafting and for issuing', async () => {
    // No catalogue yet: every Decree 30 type is open (as the drafting form offers).
    const beforeCatalogue = await signed('CV', 'Công văn soạn trước khi có danh mục');

    const qd = await catalog('doc_type', 'QĐ');
    const tb = await catalog('doc_type', 'TB');
    expect([qd.status, tb.status]).toEqual([201, 201]);
    const refused = await draft('CV', 'Công văn ngoài danh mục');
    expect([refused.status, refused.body.error.code]).toEqual([422, 'DOC_TYPE_NOT_IN_USE']);
    expect(refused.body.error.message).toMatch(/^Loại văn bản Công văn \(CV\) không có trong danh mục của cơ quan: hãy chọn loại đang dùng — /);
    expect(refused.body.error.message).toContain('Quyết định (QĐ)');
    expect((await draft('TB', 'Thông báo trong danh mục')).status).toBe(201);

    // A type stopped (ngừng dùng) is refused with its own reason.
    expect((await admin.post(`/catalog/${tb.body.id}`, { active: false })).status).toBe(200);
    const stopped = await draft('TB', 'Thông báo sau khi ngừng dùng');
    expect([stopped.status, stopped.body.error.code]).toEqual([422, 'DOC_TYPE_NOT_IN_USE']);
    expect(stopped.body.error.message).toMatch(/Thông báo \(TB\) đã ngừng dùng/);

    // Registering in the outgoing register (issue) holds to the catalogue too: the number is not taken.
    const clerk = await w.as('vanthu.xuanlai');
    const notIssued = await clerk.post(`/documents/${beforeCatalogue}/issue`);
    expect([notIssued.status, notIssued.body.error.code]).toEqual([422, 'DOC_TYPE_NOT_IN_USE']);
    expect(notIssued.body.error.message).toMatch(/quản trị viên cơ quan dùng lại loại này/);
    expect((await clerk.get(`/documents/${beforeCatalogue}`)).body.document).toMatchObject({ status: 'signed', number: null });
    const cv = await catalog('doc_type', 'CV');
    expect(cv.status).toBe(201);
    const issued = await clerk.post(`/documents/${beforeCatalogue}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body.symbol).toBe('01/UBND-VP');
  });
});
