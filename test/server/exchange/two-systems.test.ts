import { createHash } from 'node:crypto';
import { ORG } from '../../helpers/demo-world';
import { B_DISTRICT, issueFromProvince, startTwoSystems, type TwoSystems } from './two-systems';

type Delivery = { orgCode: string; status: string; timeline: { status: string; reason: string | null }[] };

describe('two Vanban systems exchanging edXML through the axis', () => {
  let s: TwoSystems;
  beforeAll(async () => {
    s = await startTwoSystems();
  }, 180_000);
  afterAll(() => s?.stop());

  const pendingOnB = async (symbol: string) =>
    (await s.bClerk.get('/inbox')).body.items.find((i: { section: string; document: { symbol: string } }) => i.section === 'pending_electronic' && i.document.symbol === symbol)?.document;
  const deliveryOnA = async (documentId: string): Promise<Delivery> => {
    const clerk = await s.a.as('vanthu.tinh');
    return (await clerk.get(`/documents/${documentId}`)).body.deliveries.find((d: Delivery) => d.orgCode === B_DISTRICT);
  };

  it('a province on A issues to a district on B; B accepts and A sees 01 then 03', async () => {
    const issued = await issueFromProvince(s.a, 'QUYẾT ĐỊNH về phòng, chống thiên tai liên tỉnh', [B_DISTRICT]);
    expect(issued.deliveries).toEqual([{ orgCode: B_DISTRICT, orgName: expect.any(String), status: null }]);
    // Nothing internal was made for the external organisation.
    const aDb = s.a.t.database.db;
    const external = await aDb('organizations').where({ code: B_DISTRICT }).first();
    expect(await aDb('documents').where({ organization_id: external.id })).toHaveLength(0);

    await s.settle();
    const [sent] = await aDb('exchange_outbox').where({ document_id: issued.id, kind: 'package' });
    expect(sent).toMatchObject({ state: 'sent', recipient_code: B_DISTRICT, edxml_document_id: `${ORG.province},${issued.issuedDate.replaceAll('-', '/')},${issued.symbol}` });

    const copy = await pendingOnB(issued.symbol);
    expect(copy).toMatchObject({ issuer: 'Ủy ban nhân dân tỉnh Bắc Ninh', issuerCode: ORG.province, subject: 'QUYẾT ĐỊNH về phòng, chống thiên tai liên tỉnh', urgency: 'khan' });
    // The signed PDF is verified on arrival exactly as internal copies are: B trusts A's CA.
    const detail = (await s.bClerk.get(`/documents/${copy.id}`)).body;
    expect(detail.document.verification.valid).toBe(true);
    const aDoc = await aDb('documents').where({ id: issued.id }).first();
    const attachments = (await s.bClerk.get(`/documents/${copy.id}/attachments`)).body.items;
    expect(attachments).toEqual([expect.objectContaining({ position: 0, contentType: 'application/pdf', sha256: aDoc.file_key })]);
    const file = Buffer.from(await (await fetch(`${s.b.url}/api/v1/documents/${copy.id}/file`, { headers: { authorization: `Bearer ${s.bClerk.token}` } })).arrayBuffer());
    expect(createHash('sha256').update(file).digest('hex')).toBe(aDoc.file_key);
    expect((await deliveryOnA(issued.id)).timeline.map((e) => e.status)).toEqual(['01']);

    expect((await s.bClerk.post(`/documents/${copy.id}/accept`)).status).toBe(200);
    await s.settle();
    const delivery = await deliveryOnA(issued.id);
    expect(delivery.status).toBe('03');
    expect(delivery.timeline.map((e) => e.status)).toEqual(['01', '03']);
    const note = await aDb('notifications').where({ type: 'document:status' }).orderBy('id', 'desc').first();
    expect(note.payload).toMatchObject({ documentId: issued.id, orgCode: B_DISTRICT, status: '03' });

    // Sending again (a worker that died after the axis took the package) reaches B once.
    const { sendOutbox } = await import('../../../server/exchange/send-to-axis');
    await sendOutbox(s.a.t.vanban.exchange, { ...sent, state: 'pending' });
    await s.settle();
    expect(await s.b.database.db('documents').where({ symbol: issued.symbol, direction: 'incoming' })).toHaveLength(1);
  }, 180_000);

  it('B returns a document with a reason: A sees 02', async () => {
    const issued = await issueFromProvince(s.a, 'CÔNG VĂN gửi nhầm nơi nhận', [B_DISTRICT]);
    await s.settle();
    const copy = await pendingOnB(issued.symbol);
    expect((await s.bClerk.post(`/documents/${copy.id}/return`, { reason: 'Không thuộc thẩm quyền của huyện' })).status).toBe(200);
    await s.settle();
    const delivery = await deliveryOnA(issued.id);
    expect(delivery.timeline).toEqual([expect.objectContaining({ status: '01' }), expect.objectContaining({ status: '02', reason: 'Không thuộc thẩm quyền của huyện' })]);
  }, 180_000);

  it('A recalls a document: B withdraws its copy (13) and confirms (15)', async () => {
    const issued = await issueFromProvince(s.a, 'QUYẾT ĐỊNH có sai sót cần thu hồi', [B_DISTRICT]);
    await s.settle();
    const copy = await pendingOnB(issued.symbol);
    const clerk = await s.a.as('vanthu.tinh');
    expect((await clerk.post(`/documents/${issued.id}/recall`, { reason: 'Sai thẩm quyền ban hành' })).status).toBe(200);
    await s.settle();
    const onB = (await s.bClerk.get(`/documents/${copy.id}`)).body.document;
    expect(onB).toMatchObject({ status: 'withdrawn', returnReason: 'Sai thẩm quyền ban hành' });
    expect((await s.bClerk.post(`/documents/${copy.id}/accept`)).status).toBe(409);
    expect((await s.bClerk.post(`/documents/${copy.id}/recall-response`, { accept: true })).status).toBe(200);
    await s.settle();
    expect((await deliveryOnA(issued.id)).timeline.map((e) => e.status)).toEqual(['01', '13', '15']);
  }, 180_000);

  it('B refuses a recall after it started work: A sees 16 with the reason, and processing statuses', async () => {
    const issued = await issueFromProvince(s.a, 'KẾ HOẠCH triển khai', [B_DISTRICT]);
    await s.settle();
    const copy = await pendingOnB(issued.symbol);
    await s.bClerk.post(`/documents/${copy.id}/accept`);
    await s.settle();
    const clerk = await s.a.as('vanthu.tinh');
    await clerk.post(`/documents/${issued.id}/recall`, { reason: 'Điều chỉnh nội dung' });
    await s.settle();
    expect((await s.bClerk.post(`/documents/${copy.id}/recall-response`, { accept: false, reason: 'Đã triển khai, đề nghị ban hành văn bản thay thế' })).status).toBe(200);
    await s.settle();
    const delivery = await deliveryOnA(issued.id);
    expect(delivery.timeline.map((e) => e.status)).toEqual(['01', '03', '13', '16']);
    expect(delivery.timeline[3].reason).toBe('Đã triển khai, đề nghị ban hành văn bản thay thế');
  }, 180_000);

  it('a package the axis cannot deliver becomes a dead letter an admin sees and retries', async () => {
    const admin = await s.a.anon.login('admin', (await import('../../helpers/test-server')).ADMIN_PASSWORD);
    const code = '000.00.33.H53';
    expect((await admin.post('/organizations', { code, name: 'Ủy ban nhân dân huyện Dương Minh Châu', abbreviation: 'UBND', level: 'district', external: true })).status).toBe(201);
    const issued = await issueFromProvince(s.a, 'THÔNG BÁO gửi huyện chưa nối trục', [code]);
    await s.settle();
    const dead = (await admin.get('/exchange/outbox?state=dead')).body;
    expect(dead.items).toEqual([expect.objectContaining({ documentId: issued.id, recipientCode: code, state: 'dead', attempts: 1, lastError: expect.stringContaining(code) })]);
    expect((await (await s.a.as('vanthu.tinh')).get('/exchange/outbox?state=dead')).status).toBe(403);
    // The axis operator connects the district to B's system; the admin sends again.
    s.axis.store.addSystem({ systemId: '000.00.00.H53', secret: 'secret-of-tay-ninh', organizations: ['000.00.00.H53', B_DISTRICT, code] });
    expect((await admin.post(`/exchange/outbox/${dead.items[0].id}/retry`)).status).toBe(204);
    expect((await admin.post(`/exchange/outbox/${dead.items[0].id}/retry`)).status).toBe(409);
    await s.settle();
    expect((await admin.get('/exchange/outbox?state=dead')).body.total).toBe(0);
    expect((await s.a.t.database.db('exchange_outbox').where({ id: dead.items[0].id }).first()).state).toBe('sent');
    // B does not host that district: it refuses the item, records why, and acknowledges it.
    const refused = await s.b.database.db('exchange_inbox').where({ outcome: 'refused' });
    expect(refused).toEqual([expect.objectContaining({ error_code: 'EXCHANGE_UNKNOWN_RECIPIENT' })]);
    const history = (await (await s.a.as('vanthu.tinh')).get(`/documents/${issued.id}/history`)).body.items.map((h: { action: string }) => h.action);
    expect(history).toEqual(expect.arrayContaining(['exchange.dead', 'exchange.retry']));
  }, 180_000);
});
