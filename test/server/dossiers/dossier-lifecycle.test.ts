import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { verifyAuditChain } from '../../../server/audit/verify-audit-chain';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { DEMO_PIN, demoTrust } from '../../helpers/signing-setup';

const run = promisify(execFile);
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const daysFromNow = (n: number) => new Date(Date.now() + 7 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The walk: incoming document → direction → dossier opened from it → reply drafted from it,
 * consulted, signed, issued → assignment and follow-up register complete → dossier submitted,
 * returned, reworked, approved (closed), handed to the archive; plus a reopen and a cancel.
 */
describe('work dossiers', () => {
  let w: DemoWorld;
  let nssDir: string;
  let tmp: string;
  beforeAll(async () => {
    w = await startDemoWorld({ VANBAN_DEMO_PKI: '1' });
    nssDir = (await demoTrust(w)).nssDir;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-dossier-'));
  }, 120_000);
  afterAll(async () => {
    await w.t.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('walks a dossier from an incoming document to the archive', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const leader = await w.as('lanhdao.hienvan');
    const official = await w.as('chuyenvien.hienvan');
    const leaderName = (await leader.get('/auth/me')).body.fullName;
    const year = Number(today().slice(0, 4));

    // The file plan of the year: a dossier code with its retention period.
    expect((await official.post('/file-plan', { year, code: '01.VP', title: 'Hồ sơ phòng chống dịch bệnh', retentionYears: 10 })).status).toBe(403);
    const plan = await clerk.post('/file-plan', { year, code: '01.VP', title: 'Hồ sơ phòng chống dịch bệnh', retentionYears: 10, responsibleUserId: official.userId });
    expect(plan.status).toBe(201);
    expect((await clerk.post('/file-plan', { year, code: '01.VP', title: 'Trùng mã', retentionYears: 5 })).body.error.code).toBe('FILE_PLAN_CODE_TAKEN');

    // Incoming, directed to the official.
    const incoming = (await clerk.post('/incoming', pdfForm(await makeDraftPdf(), { issuer: 'Ủy ban nhân dân huyện Tiên Du', symbol: '102/UBND-YT', docType: 'CV', issuedDate: '2026-11-21', subject: 'Về việc phòng chống dịch sốt xuất huyết', urgency: 'normal', secrecy: 'normal', pages: 2 }))).body;
    await clerk.post(`/documents/${incoming.id}/submit`, { leaderId: leader.userId });
    await leader.post(`/documents/${incoming.id}/direction`, { instruction: 'Lập hồ sơ, dự thảo báo cáo', lead: { userId: official.userId }, deadline: daysFromNow(10) });

    // The dossier opened in one step from the directed incoming document.
    const badOwner = await official.post('/dossiers', { title: 'Sai', openedOn: today(), ownerId: official.userId, approverId: official.userId });
    expect([badOwner.status, badOwner.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const created = await official.post('/dossiers', { title: 'Phòng chống dịch sốt xuất huyết năm 2026', field: 'Y tế', openedOn: today(), deadline: daysFromNow(20), ownerId: official.userId, approverId: leader.userId, filePlanCode: '01.VP', documentIds: [incoming.id] });
    expect(created.status).toBe(201);
    const dossier = created.body;
    expect(dossier).toMatchObject({ status: 'created', code: '01.VP.01', filePlanCode: '01.VP', retention: '10 năm', owner: { id: official.userId } });
    expect(dossier.links.map((l: { documentId: string }) => l.documentId)).toEqual([incoming.id]);
    expect(dossier.allowedActions.map((a: { action: string }) => a.action)).toEqual(['start', 'cancel', 'transfer']);
    expect((await leader.get(`/dossiers/${dossier.id}`)).body.allowedActions.map((a: { action: string }) => a.action)).toEqual(['cancel', 'transfer']);
    expect((await w.t.database.db('notifications').where({ user_id: leader.userId, type: 'dossier:changed' })).length).toBe(1);

    // Wrong person or wrong state: coded errors, nothing changes.
    expect((await leader.post(`/dossiers/${dossier.id}/actions/start`, {})).body.error.code).toBe('FORBIDDEN');
    expect((await official.post(`/dossiers/${dossier.id}/actions/approve`, {})).body.error.code).toBe('INVALID_STATE');
    expect((await official.post(`/dossiers/${dossier.id}/actions/fly`, {})).status).toBe(400);
    expect((await (await w.as('chuyenvien.tinh')).get(`/dossiers/${dossier.id}`)).status).toBe(404);
    expect((await official.post(`/dossiers/${dossier.id}/actions/start`, {})).body.status).toBe('in_progress');

    // Reply drafted from the incoming document, consulted, signed, issued; linked into the dossier.
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ printedBlanks: { stub: '/UBND-YT' }, signerName: leaderName, title: 'BÁO CÁO phòng chống dịch' }), { docType: 'BC', subject: 'Báo cáo công tác phòng chống dịch sốt xuất huyết', recipients: [ORG.districtTienDu], answers: [incoming.id] }))).body;
    expect((await official.post(`/dossiers/${dossier.id}/links`, { documentId: draft.id })).status).toBe(201);
    expect((await official.post(`/dossiers/${dossier.id}/links`, { documentId: draft.id })).body.error.code).toBe('INVALID_STATE');
    expect((await official.post(`/dossiers/${dossier.id}/links`, { documentId: 'không-phải-mã' })).status).toBe(400);
    const clerkUnit = (await clerk.get('/auth/me')).body;
    const consult = await official.post(`/documents/${draft.id}/consultations`, { question: 'Đề nghị góp ý số liệu', deadline: daysFromNow(2), targets: [{ userId: clerk.userId }] });
    expect(consult.status).toBe(201);
    expect(clerkUnit.id).toBe(clerk.userId);
    const consultation = consult.body.items[0];
    expect((await leader.post(`/consultations/${consultation.id}/answer`, { answer: 'Không phải tôi' })).status).toBe(403);
    expect((await clerk.post(`/consultations/${consultation.id}/answer`, { answer: 'Đề nghị bổ sung số ca mắc tuần 47' })).status).toBe(200);
    const seenByLeader = (await leader.get(`/documents/${draft.id}/consultations`)).body.items;
    expect(seenByLeader[0]).toMatchObject({ answer: 'Đề nghị bổ sung số ca mắc tuần 47', target: (await clerk.get('/auth/me')).body.fullName });
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    expect((await leader.post(`/documents/${draft.id}/sign`, { pin: DEMO_PIN })).status).toBe(200);
    const issued = await clerk.post(`/documents/${draft.id}/issue`);
    expect(issued.body).toMatchObject({ status: 'issued', symbol: '01/BC-UBND', fileName: '01-BC-UBND.pdf' });
    const draftHistory = (await official.get(`/documents/${draft.id}/history`)).body.items.map((h: { action: string }) => h.action);
    expect(draftHistory).toEqual(expect.arrayContaining(['draft.consult', 'draft.opinion', 'document.sign', 'document.issue']));
    const incomingAfter = (await clerk.get(`/documents/${incoming.id}`)).body;
    expect(incomingAfter.assignments.find((a: { role: string }) => a.role === 'lead').status).toBe('completed');
    expect(incomingAfter.replies[0]).toMatchObject({ id: draft.id, symbol: '01/BC-UBND' });
    const followUp = (await clerk.get(`/registers/follow-up?from=${year}-01-01&to=${year}-12-31`)).body.rows.find((r: string[]) => r[1].includes('102/UBND-YT'));
    expect(followUp[5]).toBe('01/BC-UBND');

    // An attachment the approving leader signs.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await makeDraftPdf({ title: 'BIÊN BẢN kiểm tra', signerName: leaderName }))], { type: 'application/pdf' }), 'bien-ban.pdf');
    const attached = await official.post(`/dossiers/${dossier.id}/attachments`, form);
    expect(attached.status).toBe(201);
    const attachmentId = attached.body.attachments[0].id;
    expect((await official.post(`/dossiers/${dossier.id}/attachments/${attachmentId}/sign`, { pin: DEMO_PIN })).status).toBe(403);
    const signedAtt = await leader.post(`/dossiers/${dossier.id}/attachments/${attachmentId}/sign`, { pin: DEMO_PIN });
    expect(signedAtt.status).toBe(200);
    expect(signedAtt.body.attachments[0].signedBy).toBe(leaderName);
    const attFile = path.join(tmp, 'att.pdf');
    fs.writeFileSync(attFile, Buffer.from(await (await fetch(`${w.t.url}/api/v1/dossiers/${dossier.id}/attachments/${attachmentId}/file`, { headers: { authorization: `Bearer ${official.token}` } })).arrayBuffer()));
    expect(((await run('pdfsig', ['-nssdir', `sql:${nssDir}`, attFile]).catch((e) => e)).stdout as string).match(/Signature is Valid\./g)).toHaveLength(1);

    // Opinions thread, forwarding to a colleague; progress.
    await official.post(`/dossiers/${dossier.id}/opinions`, { body: 'Đã tổng hợp số liệu từ trạm y tế' });
    const withOpinion = (await official.get(`/dossiers/${dossier.id}`)).body;
    const forwarded = await official.post(`/dossiers/${dossier.id}/opinions/${withOpinion.opinions[0].id}/forward`, { toUserId: clerk.userId, note: 'Nhờ chị kiểm tra' });
    expect(forwarded.status).toBe(201);
    expect(forwarded.body.opinions[1]).toMatchObject({ forwardedTo: (await clerk.get('/auth/me')).body.fullName });
    expect(forwarded.body.coordinators.map((c: { id: string }) => c.id)).toContain(clerk.userId);
    expect((await official.post(`/dossiers/${dossier.id}/progress`, { progress: 80, notes: 'Chờ duyệt' })).body.progress).toBe(80);

    // Submitted, returned with reason, reworked, submitted again, approved (closed).
    expect((await official.post(`/dossiers/${dossier.id}/actions/submit`, {})).body.status).toBe('submitted');
    expect((await leader.post(`/dossiers/${dossier.id}/actions/return`, {})).body.error.code).toBe('VALIDATION_FAILED');
    const returned = await leader.post(`/dossiers/${dossier.id}/actions/return`, { reason: 'Bổ sung biên bản kiểm tra thực địa' });
    expect(returned.body).toMatchObject({ status: 'returned', statusReason: 'Bổ sung biên bản kiểm tra thực địa' });
    expect((await official.post(`/dossiers/${dossier.id}/actions/rework`, {})).body.status).toBe('in_progress');
    await official.post(`/dossiers/${dossier.id}/actions/submit`, {});
    const approved = await leader.post(`/dossiers/${dossier.id}/actions/approve`, {});
    expect(approved.body).toMatchObject({ status: 'completed', progress: 100, closedOn: today() });
    expect(approved.body.allowedActions.map((a: { action: string }) => a.action)).toEqual(['reopen']);
    const contents = (await official.get(`/dossiers/${dossier.id}/contents`)).body;
    expect(contents.rows.map((r: string[]) => r[1])).toEqual(['102/UBND-YT', '01/BC-UBND']);

    // A second dossier: reopened after completion; a third: cancelled with a reason.
    const second = (await official.post('/dossiers', { title: 'Kế hoạch tiêm chủng', openedOn: today(), ownerId: official.userId, approverId: leader.userId, parentId: dossier.id })).body;
    expect(second.parentId).toBe(dossier.id);
    for (const step of ['start', 'submit']) await official.post(`/dossiers/${second.id}/actions/${step}`, {});
    await leader.post(`/dossiers/${second.id}/actions/approve`, {});
    const reopened = await leader.post(`/dossiers/${second.id}/actions/reopen`, {});
    expect(reopened.body).toMatchObject({ status: 'in_progress', closedOn: null });
    const third = (await official.post('/dossiers', { title: 'Hồ sơ lập nhầm', openedOn: today(), deadline: daysFromNow(1), ownerId: official.userId, approverId: leader.userId })).body;
    const transferred = await official.post(`/dossiers/${third.id}/actions/transfer`, { toUserId: clerk.userId });
    expect(transferred.body.owner.id).toBe(clerk.userId);
    const cancelled = await leader.post(`/dossiers/${third.id}/actions/cancel`, { reason: 'Trùng với hồ sơ 01.VP.01' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: 'Trùng với hồ sơ 01.VP.01' });

    // Lists: tabs by state, search, keyset paging, export and print.
    expect((await official.get('/dossiers?status=completed')).body.items.map((d: { id: string }) => d.id)).toEqual([dossier.id]);
    expect((await official.get('/dossiers?q=ti%C3%AAm%20ch%E1%BB%A7ng')).body.items.map((d: { id: string }) => d.id)).toEqual([second.id]);
    const page1 = (await official.get('/dossiers?limit=2')).body;
    expect(page1.items).toHaveLength(2);
    const page2 = (await official.get(`/dossiers?limit=2&cursor=${page1.nextCursor}`)).body;
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    expect(new Set([...page1.items, ...page2.items].map((d: { id: string }) => d.id)).size).toBe(3);
    expect((await official.get('/dossiers?cursor=rubbish')).body.error.code).toBe('VALIDATION_FAILED');
    const xlsx = await fetch(`${w.t.url}/api/v1/dossiers?format=xlsx`, { headers: { authorization: `Bearer ${official.token}` } });
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    const sheet = await JSZip.loadAsync(Buffer.from(await xlsx.arrayBuffer()));
    expect(await sheet.file('xl/sharedStrings.xml')!.async('string')).toContain('Phòng chống dịch sốt xuất huyết năm 2026');
    const printed = path.join(tmp, 'list.pdf');
    fs.writeFileSync(printed, Buffer.from(await (await fetch(`${w.t.url}/api/v1/dossiers?format=pdf`, { headers: { authorization: `Bearer ${official.token}` } })).arrayBuffer()));
    expect((await run('pdftotext', [printed, '-'])).stdout).toContain('DANH SÁCH HỒ SƠ CÔNG VIỆC');

    // Archive hand-over of the year's closed dossiers: the list, the signed PDFs and their reports.
    expect((await official.post('/archive/transfers', { year })).status).toBe(403);
    const transfer = await clerk.post('/archive/transfers', { year });
    expect(transfer.status).toBe(201);
    expect(transfer.body.dossierCount).toBe(1);
    expect((await clerk.post('/archive/transfers', { year })).body.error.code).toBe('INVALID_STATE');
    const zipRes = await fetch(`${w.t.url}/api/v1/archive/transfers/${transfer.body.id}/package`, { headers: { authorization: `Bearer ${clerk.token}` } });
    const zip = await JSZip.loadAsync(Buffer.from(await zipRes.arrayBuffer()));
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'muc-luc-ho-so-nop-luu.xlsx', '01.VP.01/muc-luc-van-ban.xlsx', '01.VP.01/02-01-BC-UBND.pdf', '01.VP.01/02-01-BC-UBND.kiem-tra-chu-ky.json']));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.dossiers[0]).toMatchObject({ code: '01.VP.01', retention: '10 năm', retentionYears: 10 });
    const issuedInZip = manifest.dossiers[0].files.find((f: { symbol?: string }) => f.symbol === '01/BC-UBND');
    expect(issuedInZip.valid).toBe(true);
    const zipped = path.join(tmp, 'zipped.pdf');
    fs.writeFileSync(zipped, await zip.file('01.VP.01/02-01-BC-UBND.pdf')!.async('nodebuffer'));
    expect(((await run('pdfsig', ['-nssdir', `sql:${nssDir}`, zipped]).catch((e) => e)).stdout as string).match(/Signature is Valid\./g)).toHaveLength(2);
    const archived = (await leader.get(`/dossiers/${dossier.id}`)).body;
    expect(archived.archived).toBe(true);
    expect(archived.allowedActions).toEqual([]);
    expect((await leader.post(`/dossiers/${dossier.id}/actions/reopen`, {})).body.error.code).toBe('INVALID_STATE');

    // The full history, audited in the chain.
    expect(archived.history.map((h: { action: string }) => h.action)).toEqual([
      'dossier.create', 'dossier.start', 'dossier.link', 'dossier.attach', 'dossier.sign_attachment', 'dossier.opinion', 'dossier.opinion', 'dossier.update',
      'dossier.submit', 'dossier.return', 'dossier.rework', 'dossier.submit', 'dossier.approve', 'dossier.archive',
    ]);
    expect(await verifyAuditChain(w.t.database.db)).toMatchObject({ ok: true });
  }, 240_000);
});
