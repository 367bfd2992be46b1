import { ORG, pdfForm, demoWorldWithAdmin } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

/** Issue 15: the system administrator keeps the tree — moves (2025 reform), merges, the national code list. */
describe('organisation tree administration', () => {
  const s = demoWorldWithAdmin();

  const audits = async (action: string) => (await s.w.t.vanban.db('audit_events').where({ action }).orderBy('id')) as { summary: string; data: unknown }[];
  const parentOf = async (code: string) => (await s.admin.get(`/organizations/${code}`)).body.parentCode;

  it('refuses the tree screens to an agency admin and a clerk (403), not only by hiding them', async () => {
    for (const who of ['quantri.tinh', 'vanthu.tinh']) {
      const c = await s.w.as(who);
      expect((await c.get('/organizations/page')).status).toBe(403);
      expect((await c.post(`/organizations/${ORG.communeHienVan}/move`, { parentCode: ORG.province })).status).toBe(403);
      expect((await c.post(`/organizations/${ORG.communeXuanLai}/merge`, { intoCode: ORG.communeHienVan })).status).toBe(403);
      expect((await c.post('/organizations/import-codes', { content: 'code,name,level\nH06.XA.009,Xã Thử,commune' })).status).toBe(403);
    }
    expect(await parentOf(ORG.communeHienVan)).toBe(ORG.districtTienDu);
  });

  it('lists organisations paged and searchable, by level and parent', async () => {
    const first = await s.admin.get('/organizations/page?pageSize=3');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.total).toBeGreaterThanOrEqual(9);
    const second = await s.admin.get('/organizations/page?pageSize=3&page=2');
    expect(second.body.items.map((o: { code: string }) => o.code)).not.toEqual(first.body.items.map((o: { code: string }) => o.code));
    const communes = await s.admin.get(`/organizations/page?level=commune&q=${encodeURIComponent('Hiên Vân')}`);
    expect(communes.body.items).toEqual([expect.objectContaining({ code: ORG.communeHienVan, parentCode: ORG.districtTienDu, parentName: 'Ủy ban nhân dân huyện Tiên Du', userCount: 3, mergedInto: null })]);
    const underProvince = await s.admin.get(`/organizations/page?parent=${ORG.province}&pageSize=100`);
    expect(underProvince.body.items.map((o: { code: string }) => o.code)).toContain(ORG.communeDaiDong);
  });

  it('moves a commune under the province and refuses moves that break the level rules or make a cycle', async () => {
    const bad = await s.admin.post(`/organizations/${ORG.province}/move`, { parentCode: ORG.communeHienVan });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_TREE_MOVE');
    const level = await s.admin.post(`/organizations/${ORG.finance}/move`, { parentCode: ORG.districtGiaBinh });
    expect(level.body.error).toMatchObject({ code: 'INVALID_LEVEL_ORDER', message: expect.stringMatching(/cấp Tỉnh không thể trực thuộc cơ quan cấp Huyện/) });
    // A district cannot become a commune while communes still sit under it.
    const blocked = await s.admin.post(`/organizations/${ORG.districtGiaBinh}/move`, { parentCode: ORG.province, level: 'commune' });
    expect(blocked.body.error.code).toBe('INVALID_LEVEL_ORDER');

    const ok = await s.admin.post(`/organizations/${ORG.communeHienVan}/move`, { parentCode: ORG.province });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ code: ORG.communeHienVan, parentCode: ORG.province, level: 'commune' });
    expect(await parentOf(ORG.communeHienVan)).toBe(ORG.province);
    const [audit] = await audits('organization.move');
    expect(audit.summary).toContain('Ủy ban nhân dân tỉnh Bắc Ninh');
  });

  it('abolishes a district in one step: its communes move under the province', async () => {
    const res = await s.admin.post(`/organizations/${ORG.districtGiaBinh}/move-children`, { parentCode: ORG.province });
    expect(res.status).toBe(200);
    expect(res.body.moved).toEqual([ORG.communeXuanLai]);
    expect(await parentOf(ORG.communeXuanLai)).toBe(ORG.province);
    expect((await s.admin.post(`/organizations/${ORG.districtGiaBinh}/move-children`, { parentCode: ORG.province })).status).toBe(400);
  });

  it('merges two communes: the code is kept as history, accounts still sign in, the picker stops offering it', async () => {
    const refused = await s.admin.post(`/organizations/${ORG.communeXuanLai}/merge`, { intoCode: ORG.districtTienDu });
    expect(refused.body.error.code).toBe('INVALID_LEVEL_ORDER');
    const res = await s.admin.post(`/organizations/${ORG.communeXuanLai}/merge`, { intoCode: ORG.communeHienVan });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ absorbed: ORG.communeXuanLai, survivor: ORG.communeHienVan, users: 3 });
    const survivor = (await s.admin.get(`/organizations/${ORG.communeHienVan}`)).body;
    expect(survivor.formerCodes).toEqual([expect.objectContaining({ code: ORG.communeXuanLai, name: 'Ủy ban nhân dân xã Xuân Lai', reason: 'merged' })]);
    expect((await s.admin.get(`/organizations/${ORG.communeXuanLai}`)).body.mergedInto).toBe(ORG.communeHienVan);
    // Searching the old code finds the survivor; the directory offers only the living tree.
    const found = await s.admin.get(`/organizations/page?q=${ORG.communeXuanLai}`);
    expect(found.body.items.map((o: { code: string }) => o.code)).toEqual([ORG.communeHienVan]);
    const mergedList = await s.admin.get('/organizations/page?state=merged');
    expect(mergedList.body.items).toEqual([expect.objectContaining({ code: ORG.communeXuanLai, mergedInto: ORG.communeHienVan })]);
    const clerk = await s.w.as('vanthu.tinh');
    expect((await clerk.get(`/organizations?q=${encodeURIComponent('Xuân Lai')}`)).body.items).toEqual([]);
    // The absorbed agency's people and their documents stay reachable.
    const xl = await s.w.as('vanthu.xuanlai');
    expect((await xl.get('/auth/me')).status).toBe(200);
    expect((await s.admin.post(`/organizations/${ORG.communeXuanLai}/merge`, { intoCode: ORG.communeDaiDong })).body.error.code).toBe('ORG_MERGED');
    expect((await s.admin.post(`/organizations/${ORG.communeDaiDong}/move`, { parentCode: ORG.communeXuanLai })).body.error.code).toBe('ORG_MERGED');
    const [audit] = await audits('organization.merge');
    expect(audit.data).toMatchObject({ absorbed: ORG.communeXuanLai, survivor: ORG.communeHienVan });
    // Nothing is sent to the absorbed agency any more; the sender is told who took it over.
    const official = await s.w.as('chuyenvien.tinh');
    const toMerged = await official.post('/outgoing', pdfForm(await makeDraftPdf(), { docType: 'CV', subject: 'Gửi xã đã sáp nhập', recipients: [ORG.communeXuanLai] }));
    expect([toMerged.status, toMerged.body.error.code]).toEqual([409, 'ORG_MERGED']);
    expect(toMerged.body.error.message).toContain(ORG.communeHienVan);
  });

  it('imports the national code list from CSV and JSON: created, updated, unchanged, errors by line', async () => {
    const csv = [
      'Mã định danh;Tên cơ quan;Cấp;Mã cấp trên;Viết tắt',
      // A child before its parent: the import orders parents first.
      'H06.SO.012.TT;Trung tâm Kiểm định xây dựng;Tỉnh;H06.SO.012;TTKĐ',
      'H06.SO.012;"Sở Xây dựng tỉnh ""mới""";Tỉnh;000.00.00.H06;',
      `${ORG.communeDaiDong};Ủy ban nhân dân xã Đại Đồng (mới);Xã;000.00.00.H06;UBND`,
      `${ORG.finance};Sở Tài chính tỉnh Bắc Ninh;Tỉnh;000.00.00.H06;STC`,
      'SAI-MA;Cơ quan sai mã;Xã;000.00.00.H06;',
      'H06.XA.012;Xã cấp lạ;Thôn;000.00.00.H06;',
      `H06.XA.013;Xã dưới xã;Tỉnh;${ORG.communeDaiDong};`,
      '',
    ].join('\r\n');
    const res = await s.admin.post('/organizations/import-codes', { fileName: 'danh-muc.csv', content: csv });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, updated: 1, unchanged: 1 });
    expect(res.body.errors).toEqual([
      { line: 6, code: 'SAI-MA', message: expect.stringMatching(/không đúng định dạng/) },
      { line: 7, code: 'H06.XA.012', message: expect.stringMatching(/Cấp "Thôn"/) },
      { line: 8, code: 'H06.XA.013', message: expect.stringMatching(/không thể trực thuộc/) },
    ]);
    expect(await parentOf('H06.SO.012.TT')).toBe('H06.SO.012');
    expect((await s.admin.get('/organizations/H06.SO.012')).body).toMatchObject({ name: 'Sở Xây dựng tỉnh "mới"', abbreviation: 'SXDT' });
    expect((await s.admin.get(`/organizations/${ORG.communeDaiDong}`)).body.name).toBe('Ủy ban nhân dân xã Đại Đồng (mới)');

    const json = await s.admin.post('/organizations/import-codes', { content: JSON.stringify([{ code: 'H06.SO.012.TT', name: 'Trung tâm Kiểm định xây dựng', level: 'province', parentCode: ORG.province }]) });
    expect(json.body).toMatchObject({ created: 0, updated: 1, unchanged: 0, errors: [] });
    expect(await parentOf('H06.SO.012.TT')).toBe(ORG.province);
    const broken = await s.admin.post('/organizations/import-codes', { content: '{"items": [' });
    expect(broken.body.error.code).toBe('INVALID_IMPORT_FILE');
    expect((await audits('organization.import_codes')).map((a) => a.summary)[0]).toMatch(/danh-muc\.csv: 2 mới, 1 cập nhật, 1 không đổi, 3 lỗi/);
  });
});
