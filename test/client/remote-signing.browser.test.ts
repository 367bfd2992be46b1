import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startRemoteSignerSimulator, type RemoteSignerSimulator } from '../../signing/providers/remote-signer-simulator';
import { ORG, pdfForm } from '../helpers/demo-world';
import { makeDraftPdf } from '../helpers/pdf-fixtures';
import { equipForSigning, type SigningSetup } from '../helpers/signing-setup';
import { demoPki } from '../signing/ca/fixtures';
import { screenshot } from './browser';
import { browserWorld } from './browser-world';

const run = promisify(execFile);
const CITIZEN_ID = '027089000456';

/**
 * A leader with no key on the server: sets their remote-signing account on the account page,
 * signs a draft from its page, confirms on the "phone" (the simulator), and the page follows;
 * pdfsig accepts the signature.
 */
describe('remote signing in Chromium', () => {
  let sim: RemoteSignerSimulator;
  let setup: SigningSetup;
  const s = browserWorld(
    async () => {
      const pki = await demoPki();
      sim = await startRemoteSignerSimulator({ clientId: 'vanban', clientSecret: 's3cret-client', accounts: [{ userId: CITIZEN_ID, keyPem: pki.leader.keyPem, certPem: pki.leader.certPem, chainPem: pki.leader.chainPem }] });
      return { VANBAN_REMOTE_SIGNING_URL: sim.url, VANBAN_REMOTE_SIGNING_CLIENT_ID: 'vanban', VANBAN_REMOTE_SIGNING_SECRET: 's3cret-client', VANBAN_REMOTE_SIGNING_NAME: 'SmartCA (mô phỏng)', VANBAN_REMOTE_SIGNING_POLL_MS: '300' };
    },
    async (w) => {
      setup = await equipForSigning(w, [{ leader: 'lanhdao.tinh', orgCode: ORG.province }]);
    },
  );
  afterAll(async () => {
    await sim?.close();
  });

  it('signs through the remote service after the phone confirms, and pdfsig accepts it', async () => {
    const official = await s.w.as('chuyenvien.tinh');
    const leader = await s.w.as('lanhdao.tinh');
    const subject = 'Ký từ xa trên trình duyệt';
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: 'Đỗ Quang Huy' }), { docType: 'CV', subject, recipients: [ORG.finance] }))).body;
    expect((await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId })).status).toBe(200);

    const { page } = await s.open('lanhdao.tinh', { width: 1366, height: 900 });
    await page.goto('/tai-khoan');
    await page.getByLabel('Tài khoản tại SmartCA (mô phỏng)').fill(CITIZEN_ID);
    await page.getByRole('button', { name: 'Lưu tài khoản ký từ xa' }).click();
    await page.getByText('Đã lưu tài khoản ký số từ xa.').waitFor();

    await page.goto(`/van-ban/${draft.id}`);
    await page.getByRole('button', { name: 'Ký số' }).click();
    await page.getByRole('button', { name: 'Ký từ xa (SmartCA (mô phỏng))' }).click();
    await page.getByRole('status').filter({ hasText: 'Hãy mở ứng dụng trên điện thoại và xác nhận' }).waitFor();
    await screenshot(page, '15-ky-tu-xa-cho-xac-nhan-1366');
    // Not signed until the phone says yes.
    expect((await leader.get(`/documents/${draft.id}`)).body.document.status).toBe('submitted');
    const [request] = sim.pending(CITIZEN_ID);
    expect(request.description).toContain(subject);
    expect((await fetch(`${sim.url}/phone/transactions/${request.transactionId}/approve`, { method: 'POST' })).status).toBe(200);
    await page.getByTestId('doc-status').filter({ hasText: /^Lãnh đạo đã ký$/ }).waitFor({ timeout: 30_000 });

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-remote-browser-'));
    try {
      const res = await fetch(`${s.w.t.url}/api/v1/documents/${draft.id}/file`, { headers: { authorization: `Bearer ${leader.token}` } });
      const file = path.join(tmp, 'remote.pdf');
      fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const out = (await run('pdfsig', ['-no-ocsp', '-nssdir', `sql:${setup.nssDir}`, file]).catch((e) => e)).stdout as string;
      expect(out.match(/Signature is Valid\./g)).toHaveLength(1);
      expect(out).toContain('Certificate is Trusted.');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
