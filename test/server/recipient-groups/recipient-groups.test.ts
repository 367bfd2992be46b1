import { ORG, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';

describe('quick-send groups (nhóm gửi nhanh)', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
  }, 180_000);
  afterAll(() => w.t.stop());

  const unitsOf = async (who: string, code: string) => (await (await w.as(who)).get(`/organizations/${code}`)).body.units as { id: string; abbreviation: string }[];

  it('a clerk saves shared and personal groups of agencies and internal units; colleagues see the shared ones only', async () => {
    const clerk = await w.as('vanthu.tinh');
    const admin = await w.as('quantri.tinh');
    const official = await w.as('chuyenvien.tinh');
    const units = await unitsOf('vanthu.tinh', ORG.province);
    const kgvx = units.find((u) => u.abbreviation === 'KGVX')!;

    const shared = await clerk.post('/recipient-groups', { name: 'Các huyện', shared: true, organizations: [ORG.districtTienDu, ORG.districtGiaBinh], units: [kgvx.id] });
    expect(shared.status).toBe(201);
    expect(shared.body).toMatchObject({ name: 'Các huyện', shared: true, editable: true, units: [{ abbreviation: 'KGVX' }] });
    expect(shared.body.organizations.map((o: { name: string }) => o.name)).toEqual(['Ủy ban nhân dân huyện Tiên Du', 'Ủy ban nhân dân huyện Gia Bình']);
    const personal = await clerk.post('/recipient-groups', { name: 'Sở Tài chính riêng', organizations: [ORG.finance] });
    expect(personal.status).toBe(201);
    expect(personal.body.shared).toBe(false);

    const mine = (await clerk.get('/recipient-groups')).body.items.map((g: { name: string }) => g.name);
    expect(mine).toEqual(['Các huyện', 'Sở Tài chính riêng']);
    const adminView = (await admin.get('/recipient-groups')).body.items;
    expect(adminView.map((g: { name: string }) => g.name)).toEqual(['Các huyện']);
    expect(adminView[0].editable).toBe(true);
    expect((await official.get('/recipient-groups')).body.items.map((g: { editable: boolean }) => g.editable)).toEqual([false]);
    // Another agency sees nothing of this one's groups.
    expect((await (await w.as('vanthu.stc')).get('/recipient-groups')).body.items).toEqual([]);

    // Rules: roles, names, members.
    expect((await official.post('/recipient-groups', { name: 'Của tôi', organizations: [ORG.finance] })).status).toBe(403);
    const dup = await admin.post('/recipient-groups', { name: 'các huyện', shared: true, organizations: [ORG.finance] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('GROUP_NAME_TAKEN');
    expect((await clerk.post('/recipient-groups', { name: 'Rỗng', organizations: [] })).status).toBe(400);
    expect((await clerk.post('/recipient-groups', { name: 'Sai mã', organizations: ['000.99.99.Z99'] })).body.error.code).toBe('ORG_NOT_FOUND');
    expect((await clerk.post('/recipient-groups', { name: 'Chính mình', organizations: [ORG.province] })).status).toBe(400);
    const foreignUnit = (await unitsOf('vanthu.stc', ORG.finance))[0];
    expect((await clerk.post('/recipient-groups', { name: 'Đơn vị lạ', units: [foreignUnit.id] })).status).toBe(404);

    // Edit and delete: the shared group by any clerk/admin of the agency, the personal one by its owner only.
    const renamed = await admin.request('PUT', `/recipient-groups/${shared.body.id}`, { name: 'Các huyện và xã', shared: true, organizations: [ORG.districtTienDu, ORG.communeDaiDong], units: [] });
    expect(renamed.status).toBe(200);
    expect(renamed.body.organizations.map((o: { code: string }) => o.code)).toEqual([ORG.districtTienDu, ORG.communeDaiDong]);
    expect((await admin.request('DELETE', `/recipient-groups/${personal.body.id}`)).status).toBe(404);
    expect((await official.request('DELETE', `/recipient-groups/${shared.body.id}`)).status).toBe(403);
    expect((await clerk.request('DELETE', `/recipient-groups/${personal.body.id}`)).status).toBe(204);
    expect((await clerk.get('/recipient-groups')).body.items.map((g: { name: string }) => g.name)).toEqual(['Các huyện và xã']);

    const audit = await w.t.vanban.db('audit_events').where({ object_type: 'recipient_group' }).orderBy('id').pluck('action');
    expect(audit).toEqual(['recipient_group.create', 'recipient_group.create', 'recipient_group.update', 'recipient_group.delete']);
  });
});
