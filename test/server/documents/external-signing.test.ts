import { createSign } from 'node:crypto';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { ADMIN_PASSWORD } from '../../helpers/test-server';
import { demoPki } from '../../signing/ca/fixtures';

describe('two-phase signing through the API (USB token / remote service)', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
    const pki = await demoPki();
    const admin = await w.anon.login('admin', ADMIN_PASSWORD);
    await admin.post('/trust-anchors', { pem: pki.ca.rootCertPem });
  });
  afterAll(() => w.t.stop());

  it('prepares the bytes to sign for the token’s certificate and embeds the returned signature value', async () => {
    const pki = await demoPki();
    const official = await w.as('chuyenvien.snv');
    const leader = await w.as('lanhdao.snv');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: 'Phan Văn Long' }), { docType: 'CV', subject: 'Ký bằng USB token', recipients: [ORG.province] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    expect((await official.post(`/documents/${draft.id}/sign/prepare`, { certificate: pki.leader.certPem })).status).toBe(403);
    const prepared = await leader.post(`/documents/${draft.id}/sign/prepare`, { certificate: pki.leader.certPem, chain: pki.leader.chainPem });
    expect(prepared.status).toBe(200);
    expect(prepared.body).toMatchObject({ digestAlgorithm: 'SHA-256', sessionId: expect.any(String) });
    expect(Buffer.from(prepared.body.documentDigest, 'base64')).toHaveLength(32);
    // The token signs the DER of the signed attributes with the key that never left it.
    const signatureValue = createSign('sha256').update(Buffer.from(prepared.body.toBeSigned, 'base64')).sign(pki.leader.keyPem).toString('base64');
    const both = await leader.post(`/documents/${draft.id}/sign/complete`, { sessionId: prepared.body.sessionId, signatureValue, cms: signatureValue });
    expect(both.status).toBe(400);
    const unknown = await leader.post(`/documents/${draft.id}/sign/complete`, { sessionId: '00000000-0000-4000-8000-000000000000', signatureValue });
    expect(unknown.status).toBe(404);
    const done = await leader.post(`/documents/${draft.id}/sign/complete`, { sessionId: prepared.body.sessionId, signatureValue });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('signed');
    const report = (await leader.get(`/documents/${draft.id}/signatures`)).body;
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'trusted', subFilter: 'ETSI.CAdES.detached' });
    expect(report.signatures[0].signer.commonName).toBe('Nguyễn Văn Hùng');
    const again = await leader.post(`/documents/${draft.id}/sign/complete`, { sessionId: prepared.body.sessionId, signatureValue });
    expect(again.status).toBe(409);
  });

  it('rejects a wrong signature value instead of embedding it', async () => {
    const pki = await demoPki();
    const official = await w.as('chuyenvien.snv');
    const leader = await w.as('lanhdao.snv');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: 'Phan Văn Long' }), { docType: 'CV', subject: 'Chữ ký sai', recipients: [] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    const prepared = (await leader.post(`/documents/${draft.id}/sign/prepare`, { certificate: pki.leader.certPem, chain: pki.leader.chainPem })).body;
    const wrongKey = createSign('sha256').update(Buffer.from(prepared.toBeSigned, 'base64')).sign(pki.official.keyPem).toString('base64');
    const res = await leader.post(`/documents/${draft.id}/sign/complete`, { sessionId: prepared.sessionId, signatureValue: wrongKey });
    expect(res.status).toBe(400);
    expect((await leader.get(`/documents/${draft.id}`)).body.document.status).toBe('submitted');
  });
});
