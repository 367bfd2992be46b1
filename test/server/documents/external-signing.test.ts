import { createSign, sign as nodeSign } from 'node:crypto';
import { assembleSignedData, buildSignedAttributes, certificatesFromPem } from '../../../signing/sign/cms';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../signing/fixtures/pdfs';

/** A signing certificate from a CA nobody configured as trusted (openssl, independent of the code under test). */
function strangerCertificate(): { keyPem: string; certPem: string } {
  const d = tempDir('vanban-stranger-');
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: d, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=CA La', '-days', '30']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'l.key', '-out', 'l.csr', '-subj', '/CN=Nguoi La']);
  writeFileSync(join(d, 'ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  run(['x509', '-req', '-in', 'l.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'l.pem', '-days', '30', '-extfile', 'ext.cnf']);
  return { keyPem: readFileSync(join(d, 'l.key'), 'utf8'), certPem: readFileSync(join(d, 'l.pem'), 'utf8') };
}
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { ADMIN_PASSWORD } from '../../helpers/test-server';
import { demoPki } from '../../signing/ca/fixtures';

jest.setTimeout(180_000);

describe('two-phase signing through the API (USB token / remote service)', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
    const pki = await demoPki();
    const admin = await w.anon.login('admin', ADMIN_PASSWORD);
    await admin.post('/trust-anchors', { pem: pki.ca.rootCertPem });
    // The leader's token certificate, registered by the administrator (no key on the server).
    const leader = await w.as('lanhdao.snv');
    const reg = await admin.post(`/users/${leader.userId}/registered-certificates`, { pem: pki.leader.certPem });
    expect(reg.status).toBe(201);
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
    expect([res.status, res.body.error.code]).toEqual([400, 'SIGNATURE_NOT_VALID']);
    expect((await leader.get(`/documents/${draft.id}`)).body.document.status).toBe('submitted');
  });

  async function submittedDraft(subject: string) {
    const official = await w.as('chuyenvien.snv');
    const leader = await w.as('lanhdao.snv');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: 'Phan Văn Long' }), { docType: 'CV', subject, recipients: [] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    return { draft, leader };
  }

  it('refuses to prepare for a certificate not registered for the leader', async () => {
    const pki = await demoPki();
    const { draft, leader } = await submittedDraft('Chứng thư chưa đăng ký');
    const res = await leader.post(`/documents/${draft.id}/sign/prepare`, { certificate: pki.official.certPem, chain: pki.official.chainPem });
    expect([res.status, res.body.error.code]).toEqual([403, 'CERTIFICATE_NOT_REGISTERED']);
  });

  it('refuses a whole CMS from a remote service signed by someone else, though it is intact and trusted', async () => {
    const pki = await demoPki();
    const { draft, leader } = await submittedDraft('CMS của người khác');
    const prepared = (await leader.post(`/documents/${draft.id}/sign/prepare`, { certificate: pki.leader.certPem, chain: pki.leader.chainPem })).body;
    const [otherDer] = certificatesFromPem(pki.official.certPem);
    const attrs = buildSignedAttributes(Buffer.from(prepared.documentDigest, 'base64'), otherDer);
    const cms = assembleSignedData({ signerCertDer: otherDer, certificatesDer: pki.official.chainPem.flatMap((p: string) => certificatesFromPem(p)), signedAttributes: attrs, signatureValue: nodeSign('sha256', attrs.der, pki.official.keyPem) });
    const res = await leader.post(`/documents/${draft.id}/sign/complete`, { sessionId: prepared.sessionId, cms: cms.toString('base64') });
    expect([res.status, res.body.error.code]).toEqual([403, 'SIGNER_NOT_REGISTERED']);
    expect((await leader.get(`/documents/${draft.id}`)).body.document.status).toBe('submitted');
  });

  it('refuses a signature by a registered certificate that does not chain to a trust anchor', async () => {
    const stranger = strangerCertificate();
    const admin = await w.anon.login('admin', ADMIN_PASSWORD);
    const { draft, leader } = await submittedDraft('Chứng thư không tin cậy');
    expect((await admin.post(`/users/${leader.userId}/registered-certificates`, { pem: stranger.certPem })).status).toBe(201);
    const prepared = (await leader.post(`/documents/${draft.id}/sign/prepare`, { certificate: stranger.certPem })).body;
    const signatureValue = createSign('sha256').update(Buffer.from(prepared.toBeSigned, 'base64')).sign(stranger.keyPem).toString('base64');
    const res = await leader.post(`/documents/${draft.id}/sign/complete`, { sessionId: prepared.sessionId, signatureValue });
    expect([res.status, res.body.error.code]).toEqual([400, 'SIGNATURE_NOT_VALID']);
    expect(res.body.error.message).toMatch(/chưa xác định được tính hợp lệ/);
    expect((await leader.get(`/documents/${draft.id}`)).body.document.status).toBe('submitted');
  });
});
