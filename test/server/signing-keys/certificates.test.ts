import { ApiClient } from '../../helpers/api-client';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { equipForSigning, LEADER_PIN } from '../../helpers/signing-setup';
import { ADMIN_PASSWORD } from '../../helpers/test-server';
import { demoPki } from '../../signing/ca/fixtures';

function form(bytes: Buffer, field: string, fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append(field, new Blob([new Uint8Array(bytes)]), field);
  return f;
}

describe('certificates, images and trust anchors through the API', () => {
  let w: DemoWorld;
  let admin: ApiClient;
  beforeAll(async () => {
    w = await startDemoWorld();
    admin = await w.anon.login('admin', ADMIN_PASSWORD);
  });
  afterAll(() => w.t.stop());

  it('imports keys sealed under the PIN (never in clear) and signs with them', async () => {
    await equipForSigning(w, [{ leader: 'lanhdao.xuanlai', orgCode: ORG.communeXuanLai }]);
    const rows = await w.t.database.db('signing_keys').select('sealed_key', 'certificate_pem');
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.sealed_key).not.toMatch(/PRIVATE KEY/);
    const leader = await w.as('lanhdao.xuanlai');
    const official = await w.as('chuyenvien.xuanlai');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: 'Vương Văn Lực' }), { docType: 'TB', subject: 'Thông báo thử ký', recipients: [ORG.districtGiaBinh] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    const signed = await leader.post(`/documents/${draft.id}/sign`, { pin: LEADER_PIN });
    expect(signed.body.status).toBe('signed');
    const report = (await leader.get(`/documents/${draft.id}/signatures`)).body;
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'trusted' });
    const issued = await (await w.as('vanthu.xuanlai')).post(`/documents/${draft.id}/issue`);
    expect(issued.body.symbol).toBe('01/TB-UBND');
    const after = (await leader.get(`/documents/${draft.id}/signatures`)).body;
    expect(after.signatures.map((s: { integrity: string; chain: string }) => [s.integrity, s.chain])).toEqual([['intact', 'trusted'], ['intact', 'trusted']]);
    expect(after.signatures[0].changesAfter).not.toBe('disallowed');
  }, 120_000);

  it('signs a draft that does not print the leader’s name in the usual block of the last page', async () => {
    const leader = await w.as('lanhdao.xuanlai');
    const official = await w.as('chuyenvien.xuanlai');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ signerName: 'Người Khác', pages: 2 }), { docType: 'TB', subject: 'Không có tên người ký', recipients: [] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    const signed = await leader.post(`/documents/${draft.id}/sign`, { pin: LEADER_PIN });
    expect(signed.body.status).toBe('signed');
    const res = await fetch(`${w.t.url}/api/v1/documents/${draft.id}/file`, { headers: { authorization: `Bearer ${leader.token}` } });
    const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1');
    expect(pdf).toMatch(/\/Rect\s*\[\s*330(\.0+)?\s+110(\.0+)?\s+530(\.0+)?\s+190(\.0+)?\s*\]/);
  });

  it('locks the key after five wrong PINs', async () => {
    const leader = await w.as('lanhdao.xuanlai');
    const official = await w.as('chuyenvien.xuanlai');
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true }), { docType: 'TB', subject: 'Thử PIN', recipients: [] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    for (let i = 0; i < 5; i += 1) expect((await leader.post(`/documents/${draft.id}/sign`, { pin: `99999${i}` })).body.error.code).toBe('WRONG_PIN');
    const locked = await leader.post(`/documents/${draft.id}/sign`, { pin: LEADER_PIN });
    expect([locked.status, locked.body.error.code]).toEqual([403, 'PIN_LOCKED']);
  });

  it('refuses bad files, wrong passwords, non-CA anchors and other organisations', async () => {
    const pki = await demoPki();
    const leader = await w.as('lanhdao.daidong');
    const wrongPassword = await admin.post(`/users/${leader.userId}/certificate`, form(pki.leader.toP12('right'), 'p12', { password: 'wrong', pin: '1234' }));
    expect([wrongPassword.status, wrongPassword.body.error.code]).toEqual([400, 'INVALID_FILE']);
    const noPin = await admin.post(`/users/${leader.userId}/certificate`, form(pki.leader.toP12('right'), 'p12', { password: 'right' }));
    expect(noPin.status).toBe(400);
    const notPng = await leader.post(`/users/${leader.userId}/signature-image`, form(Buffer.from('GIF89a....'), 'image'));
    expect(notPng.body.error.code).toBe('INVALID_FILE');
    const otherOrgAdmin = await w.as('quantri.tinh');
    expect((await otherOrgAdmin.post(`/users/${leader.userId}/certificate`, form(pki.leader.toP12('right'), 'p12', { password: 'right', pin: '1234' }))).status).toBe(404);
    expect((await leader.post(`/organizations/${ORG.communeDaiDong}/certificate`, form(pki.seal.toP12('x'), 'p12', { password: 'x' }))).status).toBe(403);
    const leafAsAnchor = await admin.post('/trust-anchors', { pem: pki.leader.certPem });
    expect(leafAsAnchor.status).toBe(400);
    expect((await leader.post('/trust-anchors', { pem: pki.ca.rootCertPem })).status).toBe(403);
    const twice = await admin.post('/trust-anchors', { pem: pki.ca.rootCertPem });
    expect(twice.body.items[0].created).toBe(false);
    expect((await admin.get('/trust-anchors')).body.items).toHaveLength(1);
  });
});
