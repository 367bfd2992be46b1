import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAxisSimulator, type AxisSimulator } from '../../../server/exchange/axis/axis-simulator';
import { pollAxis } from '../../../server/exchange/poll-axis';
import { loadCa } from '../../../signing/ca';
import { ApiClient } from '../../helpers/api-client';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { DEMO_PIN } from '../../helpers/signing-setup';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../../helpers/test-server';

export const B_PROVINCE = '000.00.00.H53';
export const B_DISTRICT = '000.00.32.H53';
const A_SECRET = 'secret-of-bac-ninh';
const B_SECRET = 'secret-of-tay-ninh';
export const PASSWORD = 'Matkhau-B-2026';

export interface TwoSystems {
  axis: AxisSimulator;
  /** Bắc Ninh's system: the demo tree with its CA. */
  a: DemoWorld;
  /** Tây Ninh's system, set up by hand through its API. */
  b: TestServer;
  bAdmin: ApiClient;
  bClerk: ApiClient;
  bLeader: ApiClient & { userId: string };
  /** Runs every queued job on both sides and collects from the axis until nothing moves. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Two Vanban instances with separate databases and stores that know each other only through the
 * axis simulator: A hosts Bắc Ninh (demo tree), B a province and district of Tây Ninh.
 */
export async function startTwoSystems(): Promise<TwoSystems> {
  const axisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-axis-'));
  const axis = await startAxisSimulator({
    dataDir: axisDir,
    systems: [
      { systemId: ORG.province, secret: A_SECRET, organizations: [ORG.province, ORG.districtTienDu] },
      { systemId: B_PROVINCE, secret: B_SECRET, organizations: [B_PROVINCE, B_DISTRICT] },
    ],
  });
  const axisEnv = (id: string, secret: string) => ({ VANBAN_AXIS_URL: axis.url, VANBAN_AXIS_SYSTEM_ID: id, VANBAN_AXIS_SECRET: secret, VANBAN_AXIS_POLL_SECONDS: '3600', VANBAN_JOB_POLL_MS: '600000' });
  const a = await startDemoWorld({ VANBAN_DEMO_PKI: '1', ...axisEnv(ORG.province, A_SECRET) });
  const b = await startTestServer(axisEnv(B_PROVINCE, B_SECRET));

  const aAdmin = await new ApiClient(a.t.url).login('admin', ADMIN_PASSWORD);
  const bAdmin = await new ApiClient(b.url).login('admin', ADMIN_PASSWORD);
  const must = async (p: Promise<{ status: number; body: unknown }>, what: string) => {
    const r = await p;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await must(bAdmin.post('/organizations', { code: B_PROVINCE, name: 'Ủy ban nhân dân tỉnh Tây Ninh', abbreviation: 'UBND', level: 'province' }), 'B province');
  await must(bAdmin.post('/organizations', { code: B_DISTRICT, name: 'Ủy ban nhân dân huyện Châu Thành', abbreviation: 'UBND', level: 'district', parentCode: B_PROVINCE }), 'B district');
  await must(bAdmin.post('/organizations', { code: ORG.province, name: 'Ủy ban nhân dân tỉnh Bắc Ninh', abbreviation: 'UBND', level: 'province', external: true }), 'A province on B');
  await must(bAdmin.post('/users', { username: 'vanthu.chauthanh', password: PASSWORD, fullName: 'Lê Thị Văn Thư', orgCode: B_DISTRICT, roles: ['clerk'] }), 'B clerk');
  await must(bAdmin.post('/users', { username: 'lanhdao.chauthanh', password: PASSWORD, fullName: 'Phạm Văn Lãnh Đạo', position: 'Chủ tịch', orgCode: B_DISTRICT, roles: ['leader'] }), 'B leader');
  // B trusts A's CA, as a province's system trusts the national CAs.
  await must(bAdmin.post('/trust-anchors', { pem: (await loadCa(a.t.vanban.config.pkiDir)).rootCertPem }), 'B trust anchor');
  await must(aAdmin.post('/organizations', { code: B_DISTRICT, name: 'Ủy ban nhân dân huyện Châu Thành (Tây Ninh)', abbreviation: 'UBND', level: 'district', external: true }), 'B district on A');

  const bClerk = await new ApiClient(b.url).login('vanthu.chauthanh', PASSWORD);
  const leaderClient = await new ApiClient(b.url).login('lanhdao.chauthanh', PASSWORD);
  const bLeader = Object.assign(leaderClient, { userId: (await leaderClient.get('/auth/me')).body.id as string });

  const settle = async () => {
    for (let round = 0; round < 6; round += 1) {
      const moved = (await a.t.vanban.jobs.drain()) + (await b.vanban.jobs.drain());
      const polled = await pollAxis(a.t.vanban.exchange);
      const polledB = await pollAxis(b.vanban.exchange);
      if (moved === 0 && polled.applied + polled.refused + polledB.applied + polledB.refused === 0) return;
    }
  };

  return {
    axis, a, b, bAdmin, bClerk, bLeader, settle,
    stop: async () => {
      await a.t.stop();
      await b.stop();
      await axis.close();
      fs.rmSync(axisDir, { recursive: true, force: true });
    },
  };
}

/** The province of A drafts, signs and issues a decision to the given recipients. */
export async function issueFromProvince(a: DemoWorld, subject: string, recipients: string[]) {
  const official = await a.as('chuyenvien.tinh');
  const leader = await a.as('lanhdao.tinh');
  const clerk = await a.as('vanthu.tinh');
  const leaderName = (await leader.get('/auth/me')).body.fullName;
  const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: leaderName, title: subject }), { docType: 'QĐ', subject, recipients, urgency: 'khan' }))).body;
  if (!draft.id) throw new Error(JSON.stringify(draft));
  await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
  const signed = await leader.post(`/documents/${draft.id}/sign`, { pin: DEMO_PIN });
  if (signed.status !== 200) throw new Error(JSON.stringify(signed.body));
  const issued = await clerk.post(`/documents/${draft.id}/issue`);
  if (issued.status !== 200) throw new Error(JSON.stringify(issued.body));
  return issued.body;
}
