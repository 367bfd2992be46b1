import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

/** Issue 15: positions, who signs for whom, document types in use and subject areas, per agency. */
describe('per-agency catalogues and signing on behalf', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
  }, 180_000);
  afterAll(() => w.t.stop());

  const audits = async (action: string) => (await w.t.vanban.db('audit_events').where({ action }).orderBy('id')) as { summary: string }[];

  it('the agency admin keeps positions; renaming one renames every holder; others get 403', async () => {
    const admin = await w.as('quantri.tinh');
    const created = await admin.post(`/organizations/${ORG.province}/positions`, { name: 'Chủ tịch UBND tỉnh', rank: 10 });
    expect(created.status).toBe(201);
    expect((await admin.post(`/organizations/${ORG.province}/positions`, { name: 'chủ tịch ubnd tỉnh' })).body.error.code).toBe('POSITION_TAKEN');
    const list = await admin.get(`/organizations/${ORG.province}/positions`);
    expect(list.body.items).toEqual([{ id: created.body.id, name: 'Chủ tịch UBND tỉnh', rank: 10, userCount: 1 }]);
    const renamed = await admin.post(`/positions/${created.body.id}`, { name: 'Chủ tịch Ủy ban nhân dân tỉnh' });
    expect(renamed.status).toBe(200);
    const leader = await w.as('lanhdao.tinh');
    expect((await leader.get('/auth/me')).body.position).toBe('Chủ tịch Ủy ban nhân dân tỉnh');
    expect((await audits('position.update'))[0].summary).toMatch(/thành Chủ tịch Ủy ban nhân dân tỉnh \(1 tài khoản\)/);

    const clerk = await w.as('vanthu.tinh');
    expect((await clerk.post(`/organizations/${ORG.province}/positions`, { name: 'Phó Chủ tịch' })).status).toBe(403);
    expect((await clerk.post(`/positions/${created.body.id}`, { name: 'Khác' })).status).toBe(403);
    const otherAgency = await w.as('vanthu.stc');
    expect((await otherAgency.get(`/organizations/${ORG.province}/positions`)).status).toBe(403);
  });

  it('a deputy signs for the head (KT.): only leaders, same agency, never each other', async () => {
    const admin = await w.as('quantri.tinh');
    const head = await w.as('lanhdao.tinh');
    const official = await w.as('chuyenvien.tinh');
    // Make the official a deputy leader with a position and unit.
    const units = (await admin.get(`/organizations/${ORG.province}`)).body.units as { id: string; abbreviation: string }[];
    const vp = units.find((u) => u.abbreviation === 'VP')!;
    const notLeader = await admin.post(`/users/${official.userId}`, { signsFor: { userId: head.userId, capacity: 'KT' } });
    expect(notLeader.body.error.code).toBe('SIGNS_FOR_INVALID');
    const ok = await admin.post(`/users/${official.userId}`, { roles: ['official', 'leader'], position: 'Phó Chủ tịch UBND tỉnh', unitId: vp.id, signsFor: { userId: head.userId, capacity: 'KT' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ position: 'Phó Chủ tịch UBND tỉnh', unit: { id: vp.id }, signsFor: { userId: head.userId, fullName: 'Đỗ Quang Huy', capacity: 'KT' } });
    const listed = (await admin.get(`/users?org=${ORG.province}&q=${encodeURIComponent('Vũ Thị Mai')}`)).body.items[0];
    expect(listed.signsFor).toMatchObject({ fullName: 'Đỗ Quang Huy', capacity: 'KT' });
    const back = await admin.post(`/users/${head.userId}`, { signsFor: { userId: official.userId, capacity: 'KT' } });
    expect(back.body.error).toMatchObject({ code: 'SIGNS_FOR_INVALID', message: expect.stringMatching(/không thể ký thay cho nhau/) });
    const foreign = await w.as('lanhdao.stc');
    expect((await admin.post(`/users/${official.userId}`, { signsFor: { userId: foreign.userId, capacity: 'TL' } })).body.error.code).toBe('SIGNS_FOR_INVALID');
    // Losing the leader role ends the signing link.
    await admin.post(`/users/${official.userId}`, { roles: ['official'] });
    expect((await admin.get(`/users/${official.userId}`)).body.signsFor).toBeNull();
    expect((await (await w.as('vanthu.tinh')).post(`/users/${official.userId}`, { position: 'X' })).status).toBe(403);
  });

  it('document types in use and subject areas: create, rename, stop using; forms read the active ones', async () => {
    const admin = await w.as('quantri.tinh');
    const qd = await admin.post(`/organizations/${ORG.province}/catalog`, { kind: 'doc_type', code: 'QĐ' });
    expect(qd.status).toBe(201);
    expect(qd.body).toMatchObject({ kind: 'doc_type', code: 'QĐ', name: 'Quyết định', active: true });
    expect((await admin.post(`/organizations/${ORG.province}/catalog`, { kind: 'doc_type', code: 'XYZ' })).status).toBe(400);
    const area = await admin.post(`/organizations/${ORG.province}/catalog`, { kind: 'subject_area', code: 'TC', name: 'Tài chính - Ngân sách' });
    expect(area.status).toBe(201);
    expect((await admin.post(`/organizations/${ORG.province}/catalog`, { kind: 'subject_area', code: 'TC', name: 'Trùng' })).body.error.code).toBe('CATALOG_CODE_TAKEN');
    expect((await admin.post(`/catalog/${area.body.id}`, { name: 'Tài chính, ngân sách' })).body.name).toBe('Tài chính, ngân sách');
    expect((await admin.post(`/catalog/${area.body.id}`, { active: false })).body.active).toBe(false);
    const clerk = await w.as('vanthu.tinh');
    expect((await clerk.get(`/organizations/${ORG.province}/catalog?kind=subject_area&active=true`)).body.items).toEqual([]);
    expect((await clerk.get(`/organizations/${ORG.province}/catalog?kind=subject_area`)).body.items).toHaveLength(1);
    expect((await clerk.post(`/catalog/${area.body.id}`, { active: true })).status).toBe(403);
    expect((await (await w.as('vanthu.stc')).get(`/organizations/${ORG.province}/catalog?kind=doc_type`)).status).toBe(403);
    expect((await audits('catalog.update')).map((a) => a.summary)).toContain('Ngừng dùng lĩnh vực TC — Tài chính, ngân sách');
  });

  it('shows where the numbering of each register stands (admin only); registering moves it by one, gap-free', async () => {
    const admin = await w.as('quantri.tinh');
    const before = await admin.get('/registers/numbering');
    expect(before.status).toBe(200);
    const incoming = (b: typeof before) => b.body.items.find((r: { kind: string; secret: boolean }) => r.kind === 'incoming' && !r.secret);
    const start = incoming(before);
    expect(start).toMatchObject({ nextNumber: start.lastNumber + 1 });
    const clerk = await w.as('vanthu.tinh');
    const res = await clerk.post('/incoming', pdfForm(await makeDraftPdf(), { issuer: 'Ủy ban nhân dân huyện Tiên Du', symbol: '91/UBND-VP', docType: 'CV', issuedDate: '2026-11-20', subject: 'Về việc thử số đến', urgency: 'normal', secrecy: 'normal', pages: 1 }));
    expect(res.status).toBe(201);
    const after = incoming(await admin.get('/registers/numbering'));
    expect(after).toMatchObject({ lastNumber: start.lastNumber + 1, nextNumber: start.lastNumber + 2, used: start.used + 1 });
    expect((await clerk.get('/registers/numbering')).status).toBe(403);
  });
});
