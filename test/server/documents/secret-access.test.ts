import { randomUUID } from 'node:crypto';
import type { Role } from '../../../server/shared/actor';
import { mayView, type Viewer } from '../../../server/document-core/secret-access';
import { loadAccessFacts, visibleDocumentIds } from '../../../server/document-core/secret-access.repository';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

const meta = (over: Record<string, unknown> = {}) => ({
  issuer: 'Bộ Công an', symbol: '09/BCA-A03', docType: 'CV', issuedDate: '2026-11-20',
  subject: 'Về công tác bảo vệ bí mật nhà nước', urgency: 'normal', secrecy: 'mat', pages: 1, ...over,
});

describe('need-to-know for secret documents', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
  }, 300_000);
  afterAll(() => w.t.stop());
  const db = () => w.t.database.db;

  it('the SQL predicate and the plain rule agree on every combination', async () => {
    const org = (await db()('organizations').where({ code: ORG.province }).first()).id;
    const otherOrg = (await db()('organizations').where({ code: ORG.finance }).first()).id;
    const users: { id: string; organization_id: string; unit_id: string | null; roles: Role[] }[] = await db()('users').whereIn('organization_id', [org, otherOrg]).select('id', 'organization_id', 'unit_id', 'roles');
    const units: string[] = (await db()('units').where({ organization_id: org }).select('id')).map((u: { id: string }) => u.id);
    const secretRegister = randomUUID();
    const plainRegister = randomUUID();
    await db()('registers').insert([
      { id: secretRegister, organization_id: org, kind: 'incoming', code: 'thu-mat', name: 'Sổ văn bản mật đến (thử)', secret: true },
      { id: plainRegister, organization_id: org, kind: 'incoming', code: 'thu-thuong', name: 'Sổ văn bản đến (thử)', secret: false },
    ]);
    const orgUsers = users.filter((u) => u.organization_id === org);
    // A deterministic pseudo-random spread of facts over 160 documents.
    // Park–Miller: the products stay below 2^53, so the sequence is exact in doubles.
    let seed = 12345;
    const rnd = (n: number) => ((seed = (seed * 48271) % 2147483647), Math.floor((seed / 2147483647) * n));
    const maybeUser = (p: number) => (rnd(100) < p ? orgUsers[rnd(orgUsers.length)].id : null);
    const docIds: string[] = [];
    for (let i = 0; i < 160; i += 1) {
      const id = randomUUID();
      docIds.push(id);
      const secrecy = ['normal', 'mat', 'toi_mat', 'tuyet_mat'][rnd(4)];
      await db()('documents').insert({
        id, organization_id: rnd(10) === 0 ? otherOrg : org, direction: 'incoming', status: 'registered', source: 'paper', doc_type: 'CV',
        subject: `Tài liệu ${i}`, urgency: 'normal', secrecy, register_id: rnd(3) === 0 ? secretRegister : rnd(2) ? plainRegister : null,
        created_by: maybeUser(30), leader_id: maybeUser(30), signed_by: maybeUser(10), issued_by: maybeUser(10),
      });
      if (rnd(3) === 0) {
        const directionId = randomUUID();
        await db()('directions').insert({ id: directionId, document_id: id, leader_id: maybeUser(100), instruction: 'Xử lý' });
        const unit = rnd(2) ? units[rnd(units.length)] : null;
        await db()('assignments').insert({ id: randomUUID(), document_id: id, direction_id: directionId, organization_id: org, role: 'lead', assignee_user_id: unit ? null : maybeUser(100), assignee_unit_id: unit, status: 'assigned' });
      }
      if (rnd(5) === 0) await db()('internal_deliveries').insert({ document_id: id, user_id: maybeUser(100) });
      if (rnd(5) === 0) await db()('document_access_grants').insert({ document_id: id, user_id: maybeUser(100), granted_by: orgUsers[0].id });
    }
    const docs = await db()('documents').whereIn('id', docIds);
    let visibleSecret = 0;
    let hiddenSecret = 0;
    for (const u of users) {
      const viewer: Viewer = { userId: u.id, organizationId: u.organization_id, unitId: u.unit_id, roles: u.roles };
      const sql = await visibleDocumentIds(db(), viewer, docIds);
      for (const doc of docs) {
        const plain = mayView(viewer, await loadAccessFacts(db(), doc));
        if (plain !== sql.has(doc.id)) throw new Error(`disagree for user ${u.id} on document ${doc.id}: rule ${plain}, SQL ${sql.has(doc.id)}`);
        if (doc.secrecy !== 'normal' && doc.organization_id === u.organization_id) plain ? (visibleSecret += 1) : (hiddenSecret += 1);
      }
    }
    // Both outcomes occur, so the agreement is not vacuous.
    expect(visibleSecret).toBeGreaterThan(20);
    expect(hiddenSecret).toBeGreaterThan(20);
  });

  it('shows a secret document only to clerks, those who take part and those granted access: page, lists, search, export, inbox', async () => {
    const clerk = await w.as('vanthu.tinh');
    const leader = await w.as('lanhdao.tinh');
    const official = await w.as('chuyenvien.tinh');
    const admin = await w.as('quantri.tinh');
    const outsider = await w.as('vanthu.stc');
    const reg = await clerk.post('/incoming', pdfForm(null, meta()));
    expect(reg.status).toBe(201);
    const id = reg.body.id as string;
    const sees = async (c: typeof clerk) => {
      const page = (await c.get(`/documents/${id}`)).status === 200;
      const list = (await c.get('/documents?book=incoming')).body.items.some((i: { id: string }) => i.id === id);
      const search = (await c.get('/documents?q=bi%20mat%20nha%20nuoc')).body.items.some((i: { id: string }) => i.id === id);
      const csv = await fetch(`${w.t.url}/api/v1/documents/export?book=all&format=csv`, { headers: { authorization: `Bearer ${c.token}` } });
      const exported = (await csv.text()).includes('bảo vệ bí mật');
      const all = [page, list, search, exported];
      if (new Set(all).size !== 1) throw new Error(`inconsistent visibility ${JSON.stringify(all)}`);
      return page;
    };
    expect(await sees(clerk)).toBe(true);
    expect(await sees(leader)).toBe(false);
    expect(await sees(official)).toBe(false);
    expect(await sees(admin)).toBe(false);
    expect(await sees(outsider)).toBe(false);
    // Submitted to the leader: the leader now takes part.
    expect((await clerk.post(`/documents/${id}/submit`, { leaderId: leader.userId })).status).toBe(200);
    expect(await sees(leader)).toBe(true);
    expect((await leader.get('/inbox')).body.items.some((i: { document: { id: string } }) => i.document.id === id)).toBe(true);
    // Directed to the official: the official now takes part.
    expect((await leader.post(`/documents/${id}/direction`, { instruction: 'Đồng chí Mai nghiên cứu, tham mưu', lead: { userId: official.userId } })).status).toBe(200);
    expect(await sees(official)).toBe(true);
    // Grants: only a clerk or leader who sees it; audited; revocable.
    expect((await official.post(`/documents/${id}/access-grants`, { userId: admin.userId })).status).toBe(403);
    const outsiderGrant = await leader.post(`/documents/${id}/access-grants`, { userId: outsider.userId });
    expect([outsiderGrant.status, outsiderGrant.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
    expect((await leader.post(`/documents/${id}/access-grants`, { userId: admin.userId })).status).toBe(204);
    expect(await sees(admin)).toBe(true);
    const grants = await leader.get(`/documents/${id}/access-grants`);
    expect(grants.body.items).toEqual([expect.objectContaining({ userId: admin.userId, userName: 'Quản trị UBND tỉnh', grantedByName: 'Đỗ Quang Huy' })]);
    expect((await clerk.request('DELETE', `/documents/${id}/access-grants/${admin.userId}`)).status).toBe(204);
    expect(await sees(admin)).toBe(false);
    const history = (await clerk.get(`/documents/${id}/history`)).body.items.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['access.grant', 'access.revoke']));
    // Ordinary documents need no grants.
    const normal = await clerk.post('/incoming', pdfForm(await makeDraftPdf(), meta({ secrecy: 'normal', symbol: '10/BCA-A03' })));
    const grantNormal = await leader.post(`/documents/${normal.body.id}/access-grants`, { userId: admin.userId });
    expect([grantNormal.status, grantNormal.body.error.code]).toEqual([409, 'INVALID_STATE']);
  });
});
