import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { DEMO_PIN } from '../../helpers/signing-setup';
import { deliverJobHandler } from '../../../server/routing/delivery-jobs';
import { enqueueDeliveries } from '../../../server/exchange/queue-packages';

describe('recall, replacement and forwarding down the levels', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld({ VANBAN_DEMO_PKI: '1' });
  }, 120_000);
  afterAll(() => w.t.stop());

  /** The province drafts, signs and issues a decision to the given organisations. */
  async function issueFromProvince(subject: string, recipients: string[], replacesDocumentId?: string, internalRecipients: object[] = []) {
    const official = await w.as('chuyenvien.tinh');
    const leader = await w.as('lanhdao.tinh');
    const clerk = await w.as('vanthu.tinh');
    const leaderName = (await leader.get('/auth/me')).body.fullName;
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: leaderName, title: subject }), { docType: 'QĐ', subject, recipients, replacesDocumentId, internalRecipients }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    const signed = await leader.post(`/documents/${draft.id}/sign`, { pin: DEMO_PIN });
    if (signed.status !== 200) throw new Error(JSON.stringify(signed.body));
    const issued = await clerk.post(`/documents/${draft.id}/issue`);
    if (issued.status !== 200) throw new Error(JSON.stringify(issued.body));
    return issued.body;
  }

  const pendingCopy = async (username: string, symbol: string) =>
    (await (await w.as(username)).get('/inbox')).body.items.find((i: { section: string; document: { symbol: string } }) => i.section === 'pending_electronic' && i.document.symbol === symbol)?.document;

  it('passes a province decision down: the district forwards it to its commune', async () => {
    const issued = await issueFromProvince('QUYẾT ĐỊNH về phòng chống thiên tai', [ORG.districtTienDu]);
    expect(issued.symbol).toBe('01/QĐ-UBND');
    const districtClerk = await w.as('vanthu.tiendu');
    const districtLeader = await w.as('lanhdao.tiendu');
    const copy = await pendingCopy('vanthu.tiendu', issued.symbol);
    await districtClerk.post(`/documents/${copy.id}/accept`);
    await districtClerk.post(`/documents/${copy.id}/submit`, { leaderId: districtLeader.userId });
    const upward = await districtLeader.post(`/documents/${copy.id}/direction`, { instruction: 'Chuyển', lead: { userId: (await w.as('chuyenvien.tiendu')).userId }, forwardTo: [ORG.province] });
    expect(upward.status).toBe(400);
    const sideways = await districtLeader.post(`/documents/${copy.id}/direction`, { instruction: 'Chuyển', lead: { userId: (await w.as('chuyenvien.tiendu')).userId }, forwardTo: [ORG.communeXuanLai] });
    expect(sideways.status).toBe(400);
    const forwarded = await districtLeader.post(`/documents/${copy.id}/direction`, { instruction: 'Chuyển UBND xã Hiên Vân triển khai', lead: { userId: (await w.as('chuyenvien.tiendu')).userId }, forwardTo: [ORG.communeHienVan] });
    expect(forwarded.status).toBe(200);
    const communeCopy = await pendingCopy('vanthu.hienvan', issued.symbol);
    expect(communeCopy).toMatchObject({ issuer: 'Ủy ban nhân dân tỉnh Bắc Ninh', forwardedFromDocumentId: copy.id });
    expect(communeCopy.verification.valid).toBe(true);
    const detail = (await districtClerk.get(`/documents/${copy.id}`)).body;
    expect(detail.deliveries).toMatchObject([{ orgCode: ORG.communeHienVan, status: '01' }]);
  }, 120_000);

  it('delivers through jobs: a delivery left behind by a dead instance is finished later, and never twice', async () => {
    const issued = await issueFromProvince('QUYẾT ĐỊNH giao qua hàng đợi', [ORG.finance]);
    const db = w.t.database.db;
    const finance = await db('organizations').where({ code: ORG.finance }).first();
    const ministry = await db('organizations').where({ code: ORG.ministry }).first();
    const handler = deliverJobHandler(w.t.vanban.workflow);
    await handler({ id: '0', kind: 'deliver', unique_key: null, run_at: new Date(), attempts: 1, payload: { documentId: issued.id, recipientOrgId: finance.id, actorId: null } });
    expect(Number((await db('deliveries').where({ document_id: issued.id, recipient_org_id: finance.id }).count({ n: '*' }))[0].n)).toBe(1);
    // Queued as the issuing transaction would, but the instance "dies" before running it.
    await db.transaction((trx) => enqueueDeliveries(trx, issued.id, [ministry.id], null));
    expect(await db('deliveries').where({ document_id: issued.id, recipient_org_id: ministry.id }).first()).toBeUndefined();
    await w.t.vanban.jobs.drain();
    expect((await db('deliveries').where({ document_id: issued.id, recipient_org_id: ministry.id }).first()).status).toBe('01');
    expect(await pendingCopy('vanthu.bo', issued.symbol)).toBeDefined();
  }, 120_000);

  it('recalls an issued document: copies withdrawn, recipients told, confirmations back to the sender', async () => {
    const issued = await issueFromProvince('QUYẾT ĐỊNH có sai sót', [ORG.districtGiaBinh, ORG.communeDaiDong]);
    const giaBinh = await w.as('vanthu.giabinh');
    const daiDong = await w.as('vanthu.daidong');
    const gbCopy = await pendingCopy('vanthu.giabinh', issued.symbol);
    const ddCopy = await pendingCopy('vanthu.daidong', issued.symbol);
    await giaBinh.post(`/documents/${gbCopy.id}/accept`);
    const clerk = await w.as('vanthu.tinh');
    expect((await giaBinh.post(`/documents/${issued.id}/recall`, { reason: 'Không phải của mình' })).status).toBe(404);
    const recalled = await clerk.post(`/documents/${issued.id}/recall`, { reason: 'Sai thẩm quyền ban hành' });
    expect(recalled.body.status).toBe('recalled');
    for (const [client, copy] of [[giaBinh, gbCopy], [daiDong, ddCopy]] as const) {
      const seen = (await client.get(`/documents/${copy.id}`)).body.document;
      expect(seen).toMatchObject({ status: 'withdrawn', returnReason: 'Sai thẩm quyền ban hành' });
      const recalledNote = await w.t.database.db('notifications').where({ user_id: client.userId, type: 'document:recalled' }).first();
      expect(recalledNote.payload.reason).toBe('Sai thẩm quyền ban hành');
      expect((await client.post(`/documents/${copy.id}/accept`)).status).toBe(409);
    }
    expect((await giaBinh.post(`/documents/${gbCopy.id}/recall-response`, { accept: true })).status).toBe(200);
    expect((await daiDong.post(`/documents/${ddCopy.id}/recall-response`, { accept: false })).status).toBe(400);
    expect((await daiDong.post(`/documents/${ddCopy.id}/recall-response`, { accept: false, reason: 'Đã triển khai, đề nghị ban hành văn bản thay thế' })).status).toBe(200);
    const sender = (await clerk.get(`/documents/${issued.id}`)).body;
    const statuses = Object.fromEntries(sender.deliveries.map((d: { orgCode: string; timeline: { status: string }[] }) => [d.orgCode, d.timeline.map((e) => e.status)]));
    expect(statuses[ORG.districtGiaBinh]).toEqual(['01', '03', '13', '15']);
    expect(statuses[ORG.communeDaiDong]).toEqual(['01', '13', '16']);

    const replacement = await issueFromProvince('QUYẾT ĐỊNH thay thế', [ORG.districtGiaBinh], issued.id);
    expect(replacement.number).toBe(issued.number + 1);
    expect((await clerk.get(`/documents/${issued.id}`)).body.document.replacedByDocumentId).toBe(replacement.id);
    expect((await clerk.get(`/documents/${replacement.id}`)).body.document.replacesDocumentId).toBe(issued.id);
  }, 120_000);
});

describe('internal distribution of an issued document', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld({ VANBAN_DEMO_PKI: '1' });
  }, 120_000);
  afterAll(() => w.t.stop());

  it('delivers to units and people inside the agency, who confirm receipt', async () => {
    const official = await w.as('chuyenvien.tinh');
    const leader = await w.as('lanhdao.tinh');
    const clerk = await w.as('vanthu.tinh');
    const officialUnit = (await official.get('/auth/me')).body.unit;
    const foreign = await w.as('chuyenvien.tiendu');
    const refused = await official.post('/outgoing', pdfForm(await makeDraftPdf(), { docType: 'TB', subject: 'Sai nơi nhận nội bộ', internalRecipients: [{ userId: foreign.userId }] }));
    expect(refused.status).toBe(404);
    const leaderName = (await leader.get('/auth/me')).body.fullName;
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: leaderName }), { docType: 'TB', subject: 'Thông báo nội bộ', internalRecipients: [{ unitId: officialUnit.id }, { userId: leader.userId }] }))).body;
    expect(draft.internalRecipients).toHaveLength(2);
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    await leader.post(`/documents/${draft.id}/sign`, { pin: DEMO_PIN });
    expect((await clerk.post(`/documents/${draft.id}/issue`, { recipients: ['000.00.99.H99'] })).body.error.code).toBe('ORG_NOT_FOUND');
    expect((await clerk.post(`/documents/${draft.id}/issue`, { recipients: [ORG.province] })).status).toBe(400);
    // The clerk settles the recipients at issue time: here the ministry, which the draft did not name.
    const issued = await clerk.post(`/documents/${draft.id}/issue`, { recipients: [ORG.ministry] });
    expect(issued.status).toBe(200);
    expect(issued.body.deliveries.map((d: { orgCode: string }) => d.orgCode)).toEqual([ORG.ministry]);
    expect(issued.body.recipients).toEqual([ORG.ministry]);
    const internal = async (c: typeof official) => (await c.get('/inbox')).body.items.filter((i: { section: string; document: { id: string } }) => i.section === 'internal' && i.document.id === draft.id);
    expect(await internal(official)).toHaveLength(1);
    expect(await internal(leader)).toHaveLength(1);
    expect(await internal(clerk)).toHaveLength(0);
    expect((await official.post(`/documents/${draft.id}/acknowledge`)).status).toBe(204);
    expect(await internal(official)).toHaveLength(0);
    expect((await official.post(`/documents/${draft.id}/acknowledge`)).status).toBe(409);
    expect((await clerk.get(`/documents/${draft.id}/history`)).body.items.map((h: { action: string }) => h.action)).toContain('internal.acknowledge');
  }, 120_000);
});
