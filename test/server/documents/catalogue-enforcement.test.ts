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

  it('subject areas: dossiers take one in use (by code or name, stored by name), refuse unknown and stopped ones, keep older free text', async () => {
    const official = await w.as('chuyenvien.xuanlai');
    const leader = await w.as('lanhdao.xuanlai');
    const open = (field?: string) => official.post('/dossiers', { title: `Hồ sơ lĩnh vực ${field ?? 'không'}`, field, openedOn: '2026-11-02', ownerId: official.userId, approverId: leader.userId });
    // Before the agency keeps areas: free text, as before.
    const legacy = await open('Đất đai (ghi tay)');
    expect([legacy.status, legacy.body.field]).toEqual([201, 'Đất đai (ghi tay)']);

    const tc = await catalog('subject_area', 'TC', 'Tài chính - Ngân sách');
    const dd = await catalog('subject_area', 'ĐĐ', 'Đất đai');
    expect([tc.status, dd.status]).toEqual([201, 201]);
    const byCode = await open('TC');
    expect([byCode.status, byCode.body.field]).toEqual([201, 'Tài chính - Ngân sách']);
    expect((await open('đất đai')).body.field).toBe('Đất đai');
    expect((await open()).body.field).toBeNull();
    const unknown = await open('Thể thao');
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'SUBJECT_AREA_UNKNOWN']);
    expect(unknown.body.error.message).toMatch(/^Lĩnh vực "Thể thao" không có trong danh mục lĩnh vực của cơ quan; chọn một lĩnh vực đang dùng — /);
    expect(unknown.body.error.message).toContain('Đất đai');
    expect(unknown.body.error.message).toContain('Tài chính - Ngân sách');

    // Stopping an area: new dossiers cannot take it; the ones filed under it keep it and are still found by it.
    expect((await admin.post(`/catalog/${tc.body.id}`, { active: false })).status).toBe(200);
    const stopped = await open('TC');
    expect([stopped.status, stopped.body.error.message]).toEqual([422, expect.stringMatching(/^Lĩnh vực "TC" đã ngừng dùng/)]);
    const filtered = await official.get(`/dossiers?field=${encodeURIComponent('Tài chính - Ngân sách')}`);
    expect(filtered.body.items.map((d: { id: string }) => d.id)).toEqual([byCode.body.id]);

    // Updating: the area is checked the same way; an older free-text dossier is untouched until its area is changed.
    const bad = await official.post(`/dossiers/${legacy.body.id}/progress`, { field: 'Thể thao' });
    expect(bad.body.error.code).toBe('SUBJECT_AREA_UNKNOWN');
    expect((await official.post(`/dossiers/${legacy.body.id}/progress`, { progress: 10 })).body.field).toBe('Đất đai (ghi tay)');
    expect((await official.post(`/dossiers/${legacy.body.id}/progress`, { field: 'ĐĐ' })).body.field).toBe('Đất đai');
  });
});
