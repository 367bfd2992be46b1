import { ORG, demoWorldWithAdmin } from '../../helpers/demo-world';

/** Issue 15, round 4: renaming an agency (system admin) and a unit (its agency admin), audited, former names kept. */
describe('renaming organisations and units', () => {
  const s = demoWorldWithAdmin();

  const audits = async (action: string) => (await s.w.t.vanban.db('audit_events').where({ action }).orderBy('id')) as { summary: string; data: unknown }[];

  it('the system admin renames an agency; the former name and abbreviation stay in its history, found by search, audited', async () => {
    for (const who of ['quantri.tinh', 'vanthu.daidong']) {
      expect((await (await s.w.as(who)).post(`/organizations/${ORG.communeDaiDong}/rename`, { name: 'Ủy ban nhân dân phường Đại Đồng' })).status).toBe(403);
    }
    expect((await s.admin.post(`/organizations/${ORG.communeDaiDong}/rename`, { name: 'A' })).status).toBe(400);
    expect((await s.admin.post(`/organizations/${ORG.communeDaiDong}/rename`, {})).status).toBe(400);
    expect((await s.admin.post('/organizations/H06.XA.999/rename', { name: 'Không có' })).body.error.code).toBe('ORG_NOT_FOUND');

    const res = await s.admin.post(`/organizations/${ORG.communeDaiDong}/rename`, { name: 'Ủy ban nhân dân phường Đại Đồng', abbreviation: 'UBNDP' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: ORG.communeDaiDong, name: 'Ủy ban nhân dân phường Đại Đồng', abbreviation: 'UBNDP' });
    const detail = (await s.admin.get(`/organizations/${ORG.communeDaiDong}`)).body;
    expect(detail.formerCodes).toEqual([expect.objectContaining({ code: ORG.communeDaiDong, name: 'Ủy ban nhân dân xã Đại Đồng', abbreviation: 'UBND', reason: 'renamed' })]);
    // The old name still finds it in the administrator's list.
    const found = await s.admin.get(`/organizations/page?q=${encodeURIComponent('xã Đại Đồng')}`);
    expect(found.body.items.map((o: { code: string }) => o.code)).toEqual([ORG.communeDaiDong]);
    const [audit] = await audits('organization.rename');
    expect(audit.summary).toBe(`Đổi tên Ủy ban nhân dân xã Đại Đồng (UBND) thành Ủy ban nhân dân phường Đại Đồng (UBNDP), mã ${ORG.communeDaiDong}`);
    // The same name again changes nothing and writes nothing.
    expect((await s.admin.post(`/organizations/${ORG.communeDaiDong}/rename`, { name: 'Ủy ban nhân dân phường Đại Đồng' })).status).toBe(200);
    expect(await audits('organization.rename')).toHaveLength(1);
  });

  it('a merged agency is not renamed; its survivor keeps both the merge and the renames in one history', async () => {
    expect((await s.admin.post(`/organizations/${ORG.communeXuanLai}/merge`, { intoCode: ORG.communeHienVan })).status).toBe(200);
    expect((await s.admin.post(`/organizations/${ORG.communeXuanLai}/rename`, { name: 'Tên mới' })).body.error.code).toBe('ORG_MERGED');
    expect((await s.admin.post(`/organizations/${ORG.communeHienVan}/rename`, { name: 'Ủy ban nhân dân xã Hiên Vân mới' })).status).toBe(200);
    const history = (await s.admin.get(`/organizations/${ORG.communeHienVan}`)).body.formerCodes;
    expect(history.map((h: { code: string; reason: string }) => [h.code, h.reason])).toEqual([[ORG.communeXuanLai, 'merged'], [ORG.communeHienVan, 'renamed']]);
  });

  it('the agency admin renames their own units (unique abbreviation), not another agency\'s; audited', async () => {
    const agencyAdmin = await s.w.as('quantri.tinh');
    const units = (await agencyAdmin.get(`/organizations/${ORG.province}`)).body.units as { id: string; abbreviation: string }[];
    const ktth = units.find((u) => u.abbreviation === 'KTTH')!;
    const taken = await agencyAdmin.post(`/units/${ktth.id}`, { abbreviation: 'VP' });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'UNIT_ABBREVIATION_TAKEN']);
    expect((await agencyAdmin.post(`/units/${ktth.id}`, { abbreviation: 'ktth' })).status).toBe(400);
    const ok = await agencyAdmin.post(`/units/${ktth.id}`, { name: 'Phòng Kinh tế - Tổng hợp - Đối ngoại', abbreviation: 'KTĐN' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id: ktth.id, name: 'Phòng Kinh tế - Tổng hợp - Đối ngoại', abbreviation: 'KTĐN' });
    expect((await agencyAdmin.get(`/organizations/${ORG.province}`)).body.units).toContainEqual(ok.body);
    const [audit] = await audits('unit.update');
    expect(audit.summary).toBe('Đổi tên đơn vị Phòng Kinh tế - Tổng hợp (KTTH) thành Phòng Kinh tế - Tổng hợp - Đối ngoại (KTĐN)');

    const financeUnit = ((await (await s.w.as('vanthu.stc')).get(`/organizations/${ORG.finance}`)).body.units as { id: string }[])[0];
    expect((await agencyAdmin.post(`/units/${financeUnit.id}`, { name: 'Không phải của mình' })).status).toBe(403);
    expect((await (await s.w.as('vanthu.tinh')).post(`/units/${ktth.id}`, { name: 'Văn thư đổi tên' })).status).toBe(403);
    expect((await agencyAdmin.post('/units/not-a-unit', { name: 'Không có' })).status).toBe(404);
  });
});
