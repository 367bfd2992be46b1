import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { equipForSigning, LEADER_PIN } from '../../helpers/signing-setup';
import { ADMIN_PASSWORD } from '../../helpers/test-server';

jest.setTimeout(240_000);

describe('issuing refuses to seal what does not verify', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
    await equipForSigning(w, [{ leader: 'lanhdao.xuanlai', orgCode: ORG.communeXuanLai }]);
  });
  afterAll(() => w.t.stop());

  it('a leader signature that no longer verifies (its root no longer trusted) is not sealed; trusted again, it is', async () => {
    const leader = await w.as('lanhdao.xuanlai');
    const official = await w.as('chuyenvien.xuanlai');
    const clerk = await w.as('vanthu.xuanlai');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: 'Vương Văn Lực' }), { docType: 'TB', subject: 'Thông báo cần kiểm tra chữ ký', recipients: [ORG.districtGiaBinh] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    expect((await leader.post(`/documents/${draft.id}/sign`, { pin: LEADER_PIN })).body.status).toBe('signed');

    // The administrators withdraw trust in the root (e.g. a compromised CA): the leader's signature is indeterminate now.
    const anchors = await w.t.database.db('trust_anchors').select('*');
    await w.t.database.db('trust_anchors').del();
    const refused = await clerk.post(`/documents/${draft.id}/issue`);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'LEADER_SIGNATURE_NOT_VALID']);
    expect(refused.body.error.message).toMatch(/Chữ ký của lãnh đạo trên dự thảo không hợp lệ/);
    const still = (await clerk.get(`/documents/${draft.id}`)).body.document;
    expect([still.status, still.number ?? null]).toEqual(['signed', null]);

    const admin = await w.anon.login('admin', ADMIN_PASSWORD);
    expect((await admin.post('/trust-anchors', { pem: anchors[0].pem })).status).toBe(201);
    const issued = await clerk.post(`/documents/${draft.id}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body.symbol).toBe('01/TB-UBND');
    const report = (await clerk.get(`/documents/${draft.id}/signatures`)).body;
    expect(report.signatures.map((s: { status: string; changesAfter: string }) => [s.status, s.changesAfter])).toEqual([['valid', 'form_fill'], ['valid', 'none']]);
    expect(report.signatures[0].changeDetails).toEqual(expect.arrayContaining([expect.stringMatching(/^allowed: text field "so_ky_hieu" filled/)]));
  });

  it('a seal that does not verify (certificate record not matching the agency key) is not applied', async () => {
    const leader = await w.as('lanhdao.xuanlai');
    const official = await w.as('chuyenvien.xuanlai');
    const clerk = await w.as('vanthu.xuanlai');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: 'Vương Văn Lực' }), { docType: 'TB', subject: 'Con dấu không tin cậy', recipients: [] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    expect((await leader.post(`/documents/${draft.id}/sign`, { pin: LEADER_PIN })).body.status).toBe('signed');
    // Swap the agency key's certificate record for the leader's: the seal then is made by a key whose certificate does not match.
    const before = await w.t.database.db('document_versions').where({ document_id: draft.id }).count({ n: '*' }).first();
    const seal = await w.t.database.db('signing_keys').where({ owner_type: 'organization' }).first();
    await w.t.database.db('signing_keys').where({ id: seal.id }).update({ certificate_pem: (await w.t.database.db('signing_keys').where({ owner_type: 'user' }).first()).certificate_pem });
    const refused = await clerk.post(`/documents/${draft.id}/issue`);
    await w.t.database.db('signing_keys').where({ id: seal.id }).update({ certificate_pem: seal.certificate_pem });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'SEAL_SIGNATURE_NOT_VALID']);
    expect((await clerk.get(`/documents/${draft.id}`)).body.document.status).toBe('signed');
    const after = await w.t.database.db('document_versions').where({ document_id: draft.id }).count({ n: '*' }).first();
    expect(after).toEqual(before);
  });
});
