import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startRemoteSignerSimulator, type RemoteSignerSimulator } from '../../../signing/providers/remote-signer-simulator';
import { startTokenPlugin, type TokenPlugin } from '../../../signing/providers/token-plugin';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { equipForSigning, type SigningSetup } from '../../helpers/signing-setup';
import { demoPki } from '../../signing/ca/fixtures';

const run = promisify(execFile);
const CITIZEN_ID = '027089000123';

/**
 * A leader signs without a server-held key: through the remote-signing simulator (confirming on the
 * "phone") and through the reference token plugin; a clerk issues with a quick-send group; pdfsig
 * accepts both the leader's and the agency's signatures.
 */
describe('remote signing and USB-token signing', () => {
  let w: DemoWorld;
  let sim: RemoteSignerSimulator;
  let plugin: TokenPlugin;
  let setup: SigningSetup;
  let tmp: string;

  beforeAll(async () => {
    const pki = await demoPki();
    sim = await startRemoteSignerSimulator({ clientId: 'vanban', clientSecret: 's3cret-client', accounts: [{ userId: CITIZEN_ID, keyPem: pki.leader.keyPem, certPem: pki.leader.certPem, chainPem: pki.leader.chainPem }] });
    w = await startDemoWorld({
      VANBAN_REMOTE_SIGNING_URL: sim.url, VANBAN_REMOTE_SIGNING_CLIENT_ID: 'vanban', VANBAN_REMOTE_SIGNING_SECRET: 's3cret-client',
      VANBAN_REMOTE_SIGNING_NAME: 'SmartCA (mô phỏng)', VANBAN_REMOTE_SIGNING_POLL_MS: '300',
    });
    plugin = await startTokenPlugin({ keys: [{ keyPem: pki.leader.keyPem, certPem: pki.leader.certPem, chainPem: pki.leader.chainPem }], allowedOrigins: [w.t.url] });
    setup = await equipForSigning(w, [{ leader: 'lanhdao.tinh', orgCode: ORG.province }]);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-remote-'));
  }, 240_000);
  afterAll(async () => {
    await w?.t.stop();
    await sim?.close();
    await plugin?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const draft = async (subject: string) => {
    const official = await w.as('chuyenvien.tinh');
    const leader = await w.as('lanhdao.tinh');
    const doc = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: 'Đỗ Quang Huy' }), { docType: 'CV', subject, recipients: [ORG.finance] }))).body;
    expect((await official.post(`/documents/${doc.id}/submit`, { leaderId: leader.userId })).status).toBe(200);
    return doc.id as string;
  };
  const waitFor = async (check: () => Promise<boolean>, what: string, ms = 30_000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const pdfsigOf = async (documentId: string, name: string) => {
    const clerk = await w.as('vanthu.tinh');
    const res = await fetch(`${w.t.url}/api/v1/documents/${documentId}/file`, { headers: { authorization: `Bearer ${clerk.token}` } });
    const file = path.join(tmp, name);
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    // The fixture CA runs no OCSP responder here (full-path.test covers OCSP); trust is checked against the demo root.
    return (await run('pdfsig', ['-no-ocsp', '-nssdir', `sql:${setup.nssDir}`, file]).catch((e) => e)).stdout as string;
  };

  it('signs through the remote service after confirmation on the phone, then the clerk issues with a quick-send group', async () => {
    const leader = await w.as('lanhdao.tinh');
    const id = await draft('Ký từ xa qua SmartCA mô phỏng');
    const options = (await leader.get('/signing/options')).body;
    expect(options).toMatchObject({ remote: { enabled: true, name: 'SmartCA (mô phỏng)', accountId: null } });
    const noAccount = await leader.post('/signing-transactions', { documentId: id, method: 'remote' });
    expect(noAccount.status).toBe(400);
    expect(noAccount.body.error.message).toMatch(/tài khoản ký số từ xa/);
    expect((await leader.post('/signing/remote-account', { accountId: CITIZEN_ID })).status).toBe(204);
    // Only the leader the draft was submitted to may start.
    expect((await (await w.as('chuyenvien.tinh')).post('/signing-transactions', { documentId: id, method: 'remote' })).status).toBe(403);

    const started = await leader.post('/signing-transactions', { documentId: id, method: 'remote' });
    expect(started.status).toBe(201);
    expect(started.body.transaction).toMatchObject({ status: 'pending', method: 'remote', provider: 'SmartCA (mô phỏng)', documentSubject: 'Ký từ xa qua SmartCA mô phỏng' });
    const txId = started.body.transaction.id;
    // Nothing is signed until the phone says yes: once the server's poller has asked the service
    // twice (and heard "pending" both times), the transaction and the document must be untouched.
    const [request] = sim.pending(CITIZEN_ID);
    await waitFor(async () => sim.statusChecks(request.transactionId) >= 2, 'the server to poll the pending request twice');
    expect((await leader.get(`/signing-transactions/${txId}`)).body.status).toBe('pending');
    expect((await leader.get(`/documents/${id}`)).body.document.status).toBe('submitted');
    expect(request.description).toContain('Ký từ xa qua SmartCA mô phỏng');
    // The phone page of the simulator confirms.
    const approve = await fetch(`${sim.url}/phone/transactions/${request.transactionId}/approve`, { method: 'POST' });
    expect(approve.status).toBe(200);
    // The background poller finishes it (no GET of the transaction needed).
    await waitFor(async () => (await leader.get(`/documents/${id}`)).body.document.status === 'signed', 'the document to be signed');
    expect((await leader.get(`/signing-transactions/${txId}`)).body).toMatchObject({ status: 'done', statusText: 'Đã ký' });

    // The clerk issues with a quick-send group: its agencies and internal unit.
    const clerk = await w.as('vanthu.tinh');
    const units = (await clerk.get(`/organizations/${ORG.province}`)).body.units as { id: string; abbreviation: string }[];
    const group = (await clerk.post('/recipient-groups', { name: 'Sở và phòng Khoa giáo', shared: true, organizations: [ORG.finance, ORG.districtTienDu], units: [units.find((u) => u.abbreviation === 'KGVX')!.id] })).body;
    const issued = await clerk.post(`/documents/${id}/issue`, { recipients: group.organizations.map((o: { code: string }) => o.code), internalUnits: group.units.map((u: { id: string }) => u.id) });
    expect(issued.status).toBe(200);
    const detail = (await clerk.get(`/documents/${id}`)).body;
    expect(detail.document.status).toBe('issued');
    expect(detail.deliveries.map((d: { orgCode: string }) => d.orgCode).sort()).toEqual([ORG.finance, ORG.districtTienDu].sort());
    const official = await w.as('chuyenvien.tinh');
    expect((await official.get('/inbox')).body.items.some((i: { section: string; document: { id: string } }) => i.section === 'internal' && i.document.id === id)).toBe(true);

    const report = await pdfsigOf(id, 'remote.pdf');
    expect(report.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(report.match(/Certificate is Trusted\./g)).toHaveLength(2);
    expect(report).toContain('Nguyễn Văn Hùng');
  });

  it('signs through the local token plugin over its localhost protocol', async () => {
    const leader = await w.as('lanhdao.tinh');
    const id = await draft('Ký bằng USB token qua plugin');
    const origin = { origin: w.t.url };
    // A page from another site cannot use the plugin.
    expect((await fetch(`${plugin.url}/v1/certificates`, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    const preflight = await fetch(`${plugin.url}/v1/sign`, { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(w.t.url);
    expect(preflight.headers.get('access-control-allow-private-network')).toBe('true');
    const { certificates } = await (await fetch(`${plugin.url}/v1/certificates`, { headers: origin })).json();
    expect(certificates).toHaveLength(1);

    const started = await leader.post('/signing-transactions', { documentId: id, method: 'token', certificate: certificates[0].certificate, chain: certificates[0].chain });
    expect(started.status).toBe(201);
    expect(started.body.transaction.status).toBe('pending');
    const signed = await fetch(`${plugin.url}/v1/sign`, { method: 'POST', headers: { ...origin, 'content-type': 'application/json' }, body: JSON.stringify({ certificateId: certificates[0].id, data: started.body.toBeSigned, dataType: 'signedAttributes' }) });
    const { signature } = await signed.json();
    const done = await leader.post(`/signing-transactions/${started.body.transaction.id}/complete`, { signatureValue: signature });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    expect((await leader.post(`/signing-transactions/${started.body.transaction.id}/complete`, { signatureValue: signature })).body.error.code).toBe('SIGNING_TX_NOT_PENDING');
    expect(plugin.signatures).toBe(1);
    const report = await pdfsigOf(id, 'token.pdf');
    expect(report.match(/Signature is Valid\./g)).toHaveLength(1);
    expect(report.match(/Certificate is Trusted\./g)).toHaveLength(1);
  });

  it('records refusals and cancellations in the signing list; a pending one can be cancelled', async () => {
    const leader = await w.as('lanhdao.tinh');
    const rejectedId = await draft('Người ký từ chối');
    const rejected = (await leader.post('/signing-transactions', { documentId: rejectedId, method: 'remote' })).body.transaction;
    sim.confirm(sim.pending(CITIZEN_ID)[0].transactionId, false);
    await waitFor(async () => (await leader.get(`/signing-transactions/${rejected.id}`)).body.status === 'failed', 'the refusal');
    expect((await leader.get(`/signing-transactions/${rejected.id}`)).body.error).toBe('Người ký đã từ chối trên điện thoại');
    expect((await leader.get(`/documents/${rejectedId}`)).body.document.status).toBe('submitted');

    const cancelledId = await draft('Huỷ giao dịch đang chờ');
    const pending = (await leader.post('/signing-transactions', { documentId: cancelledId, method: 'remote' })).body.transaction;
    const providerTx = sim.pending(CITIZEN_ID)[0].transactionId;
    expect((await (await w.as('lanhdao.stc')).post(`/signing-transactions/${pending.id}/cancel`)).status).toBe(404);
    const cancelled = await leader.post(`/signing-transactions/${pending.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusText: 'Đã huỷ' });
    expect(sim.pending(CITIZEN_ID)).toEqual([]);
    // The phone can no longer approve it, and a second cancel is refused.
    expect(sim.confirm(providerTx, true)).toBe(false);
    expect((await leader.post(`/signing-transactions/${pending.id}/cancel`)).status).toBe(409);

    const list = (await leader.get('/signing-transactions')).body;
    expect(list.total).toBe(4);
    expect(list.items.map((t: { status: string }) => t.status).sort()).toEqual(['cancelled', 'done', 'done', 'failed']);
    expect((await leader.get('/signing-transactions?status=failed')).body.items.map((t: { documentSubject: string }) => t.documentSubject)).toEqual(['Người ký từ chối']);
    const audit = await w.t.vanban.db('audit_events').whereIn('action', ['signing.remote_request', 'signing.token_prepare', 'signing.cancel']).pluck('action');
    expect(audit.sort()).toEqual(['signing.cancel', 'signing.remote_request', 'signing.remote_request', 'signing.remote_request', 'signing.token_prepare']);
  });
});
