import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { verifyAuditChain } from '../../../server/audit/verify-audit-chain';
import { ApiClient } from '../../helpers/api-client';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { DEMO_PIN, demoTrust } from '../../helpers/signing-setup';

// @embedded-engine: the whole workflow on one connection, where a query outside the open transaction would wait forever.

const run = promisify(execFile);

/**
 * The whole path on a real server: a commune clerk registers a paper document, its leader directs
 * it, an official drafts a reply, the leader signs, the clerk issues it to the district and the
 * province, their clerks accept it, the province leader assigns it and the work is completed.
 */
describe('workflow across the levels', () => {
  let w: DemoWorld;
  let nssDir: string;
  let tmp: string;

  beforeAll(async () => {
    w = await startDemoWorld({ VANBAN_DEMO_PKI: '1' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-wf-'));
    nssDir = (await demoTrust(w)).nssDir;
  }, 120_000);
  afterAll(async () => {
    await w.t.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('goes from a paper document to a completed reply at the province, every step checked', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const leader = await w.as('lanhdao.hienvan');
    const official = await w.as('chuyenvien.hienvan');
    const leaderName = (await leader.get('/auth/me')).body.fullName;

    // 1. Paper document in, arrival number 01.
    const incoming = await clerk.post('/incoming', pdfForm(await makeDraftPdf(), { issuer: 'Ủy ban nhân dân huyện Tiên Du', symbol: '45/UBND-TCKH', docType: 'CV', issuedDate: '2026-11-16', subject: 'Về việc rà soát hộ nghèo năm 2026', urgency: 'normal', secrecy: 'normal', pages: 1 }));
    expect(incoming.body.arrivalNumberText).toBe('01');
    await clerk.post(`/documents/${incoming.body.id}/submit`, { leaderId: leader.userId });
    const directed = await leader.post(`/documents/${incoming.body.id}/direction`, { instruction: 'Giao đồng chí Nam dự thảo văn bản trả lời', lead: { userId: official.userId }, deadline: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10) });
    expect(directed.body.status).toBe('directed');

    // 2. The official drafts the reply, two versions, and submits it.
    const v1 = await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: leaderName, title: 'CÔNG VĂN trả lời (dự thảo 1)' }), { docType: 'CV', subject: 'Báo cáo kết quả rà soát hộ nghèo', urgency: 'khan', secrecy: 'normal', recipients: [ORG.districtTienDu, ORG.province] }));
    expect(v1.status).toBe(201);
    const draftId = v1.body.id;
    const v2 = await official.post(`/documents/${draftId}/versions`, pdfForm(await makeDraftPdf({ withFields: true, signerName: leaderName, title: 'CÔNG VĂN trả lời hộ nghèo' }), { note: 'Sửa theo góp ý' }));
    expect(v2.body.currentVersion).toBe(2);
    await official.post(`/documents/${draftId}/submit`, { leaderId: leader.userId });
    const returned = await leader.post(`/documents/${draftId}/return`, { reason: 'Bổ sung số liệu xã' });
    expect(returned.body.status).toBe('returned');
    await official.post(`/documents/${draftId}/versions`, pdfForm(await makeDraftPdf({ withFields: true, signerName: leaderName, title: 'CÔNG VĂN trả lời hộ nghèo (bổ sung)' }), { note: 'Bổ sung số liệu' }));
    await official.post(`/documents/${draftId}/submit`, { leaderId: leader.userId });
    expect((await leader.post(`/documents/${draftId}/approve`)).body.status).toBe('approved');

    // 3. The leader signs with the PIN; a wrong PIN is refused.
    const wrongPin = await leader.post(`/documents/${draftId}/sign`, { pin: '000000' });
    expect([wrongPin.status, wrongPin.body.error.code]).toEqual([403, 'WRONG_PIN']);
    const signed = await leader.post(`/documents/${draftId}/sign`, { pin: DEMO_PIN });
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('signed');
    expect((await clerk.get('/inbox')).body.items.some((i: { section: string; document: { id: string } }) => i.section === 'ready_to_issue' && i.document.id === draftId)).toBe(true);

    // 4. The clerk issues: number, symbol, seal signature and delivery, all at once.
    const issued = await clerk.post(`/documents/${draftId}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ number: 1, symbol: '01/UBND-VP', status: 'issued' });
    expect(issued.body.deliveries.map((d: { orgCode: string; status: string }) => [d.orgCode, d.status]).sort()).toEqual([[ORG.province, '01'], [ORG.districtTienDu, '01']].sort());
    expect(issued.body.warnings).toEqual([]);

    // The issued PDF carries two signatures valid for an independent validator.
    const pdfRes = await fetch(`${w.t.url}/api/v1/documents/${draftId}/file`, { headers: { authorization: `Bearer ${clerk.token}` } });
    const issuedPdf = path.join(tmp, 'issued.pdf');
    fs.writeFileSync(issuedPdf, Buffer.from(await pdfRes.arrayBuffer()));
    const pdfsig = await run('pdfsig', ['-nssdir', `sql:${nssDir}`, issuedPdf]).catch((e) => e);
    expect(pdfsig.stdout.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(pdfsig.stdout.match(/Certificate is Trusted\./g)).toHaveLength(2);
    const qpdf = await run('qpdf', ['--check', issuedPdf]).catch((e) => e);
    expect(qpdf.stdout).toMatch(/No syntax or stream encoding errors found/);
    const text = (await run('pdftotext', [issuedPdf, '-'])).stdout;
    expect(text).toContain('Số: 01/UBND-VP');
    expect(text).toMatch(/xã Hiên Vân, ngày \d{2} tháng \d{2} năm \d{4}/);
    // A picture of the issued page for people to look at (leader's signature, seal, number, date).
    fs.mkdirSync(path.resolve('test-artifacts'), { recursive: true });
    await run('pdftoppm', ['-r', '80', '-png', '-singlefile', issuedPdf, path.resolve('test-artifacts/issued-document')]);
    const signatures = (await clerk.get(`/documents/${draftId}/signatures`)).body;
    expect(signatures.valid).toBe(true);
    expect(signatures.signatures).toHaveLength(2);

    // 5. District and province clerks find it waiting, verified, and accept it.
    const districtClerk = await w.as('vanthu.tiendu');
    const provinceClerk = await w.as('vanthu.tinh');
    const copies: Record<string, string> = {};
    for (const [code, c] of [[ORG.districtTienDu, districtClerk], [ORG.province, provinceClerk]] as [string, ApiClient][]) {
      const waiting = (await c.get('/inbox')).body.items.find((i: { section: string; document: { symbol: string } }) => i.section === 'pending_electronic' && i.document.symbol === '01/UBND-VP');
      expect(waiting).toBeDefined();
      expect(waiting.document.verification).toMatchObject({ valid: true });
      expect(waiting.document.issuer).toBe('Ủy ban nhân dân xã Hiên Vân');
      const accepted = await c.post(`/documents/${waiting.document.id}/accept`);
      expect(accepted.body.status).toBe('registered');
      expect(accepted.body.arrivalNumber).toBeGreaterThanOrEqual(1);
      copies[code] = waiting.document.id;
    }
    expect((await provinceClerk.post(`/documents/${copies[ORG.province]}/accept`)).status).toBe(409);

    // 6. The province leader assigns it; the work is completed.
    const provinceLeader = await w.as('lanhdao.tinh');
    const provinceOfficial = await w.as('chuyenvien.tinh');
    await provinceClerk.post(`/documents/${copies[ORG.province]}/submit`, { leaderId: provinceLeader.userId });
    await provinceLeader.post(`/documents/${copies[ORG.province]}/direction`, { instruction: 'Phòng KTTH tổng hợp', lead: { userId: provinceOfficial.userId } });
    const task = (await provinceOfficial.get('/inbox')).body.items.find((i: { section: string; document: { id: string } }) => i.section === 'assigned' && i.document.id === copies[ORG.province]);
    await provinceOfficial.post(`/assignments/${task.assignment.id}/progress`, { note: 'Đang tổng hợp', percent: 50 });
    await provinceOfficial.post(`/assignments/${task.assignment.id}/complete`, { result: 'Đã tổng hợp vào báo cáo chung của tỉnh' });

    // 7. The sender sees each recipient's status timeline with times and people.
    const sent = (await clerk.get(`/documents/${draftId}`)).body;
    const byCode = Object.fromEntries(sent.deliveries.map((d: { orgCode: string }) => [d.orgCode, d]));
    expect(byCode[ORG.districtTienDu].status).toBe('03');
    expect(byCode[ORG.province].status).toBe('06');
    expect(byCode[ORG.province].timeline.map((e: { status: string }) => e.status)).toEqual(['01', '03', '04', '05', '06']);
    expect(byCode[ORG.province].timeline[1].by).toBe((await provinceClerk.get('/auth/me')).body.fullName);
    expect(sent.versions.map((v: { kind: string }) => v.kind)).toEqual(['upload', 'upload', 'upload', 'signed', 'issued']);

    // 8. Registers hold the rows; the audit chain is intact.
    const year = new Date().getUTCFullYear();
    const registers = (await clerk.get('/registers')).body.items;
    const outgoingRegister = registers.find((r: { code: string }) => r.code === 'di');
    const book = (await clerk.get(`/registers/${outgoingRegister.id}/book?from=${year}-01-01&to=${year}-12-31`)).body;
    expect(book.rows[0][0]).toBe('01/UBND-VP');
    expect(book.rows[0][4]).toMatch(/Ủy ban nhân dân tỉnh Bắc Ninh/);
    const provinceRegisters = (await provinceClerk.get('/registers')).body.items;
    const provinceIn = provinceRegisters.find((r: { code: string }) => r.code === 'den');
    const inBook = (await provinceClerk.get(`/registers/${provinceIn.id}/book?from=${year}-01-01&to=${year}-12-31`)).body;
    expect(inBook.rows.some((r: string[]) => r[3] === '01/UBND-VP' && r[2] === 'Ủy ban nhân dân xã Hiên Vân')).toBe(true);
    const actions = (await clerk.get(`/documents/${draftId}/history`)).body.items.map((h: { action: string }) => h.action);
    expect(actions).toEqual(['draft.create', 'draft.version', 'document.submit', 'draft.return', 'draft.version', 'document.submit', 'draft.approve', 'document.sign', 'document.number', 'document.issue']);
    expect(await verifyAuditChain(w.t.database.db)).toMatchObject({ ok: true });

    // 9. Reports answer what agencies measure: electronic and signed shares, work on time, exchange per level.
    const period = `from=${year}-01-01&to=${year}-12-31`;
    const communeReport = (await clerk.get(`/reports/activity?${period}`)).body;
    expect(communeReport.outgoing).toMatchObject({ total: 1, signed: 1, signedShare: 100, electronicShare: 100 });
    expect(communeReport.incoming).toMatchObject({ total: 1, electronic: 0, electronicShare: 0 });
    expect(communeReport.byLevel.sent).toEqual({ district: 1, province: 1 });
    const provinceReport = (await provinceClerk.get(`/reports/activity?${period}`)).body;
    expect(provinceReport.incoming).toMatchObject({ total: 1, electronic: 1, electronicShare: 100 });
    expect(provinceReport.work).toMatchObject({ completed: 1, onTime: 1, onTimeShare: 100, lateShare: 0 });
    expect(provinceReport.byLevel.received).toEqual({ commune: 1 });
  }, 180_000);
});
