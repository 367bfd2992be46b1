import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { DEMO_PIN, demoTrust } from '../../helpers/signing-setup';

const run = promisify(execFile);

/**
 * A reply drafted from an incoming document closes the loop when issued: its number and date are
 * written over the draft's printed blanks (leader's signature still valid, the change an allowed
 * form fill), the incoming document lists it, the lead work is completed and the follow-up
 * register shows the reply's symbol.
 */
describe('replies that close the loop', () => {
  let w: DemoWorld;
  let nssDir: string;
  let tmp: string;
  beforeAll(async () => {
    w = await startDemoWorld({ VANBAN_DEMO_PKI: '1' });
    nssDir = (await demoTrust(w)).nssDir;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-reply-'));
  }, 120_000);
  afterAll(async () => {
    await w.t.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('issues a reply with number and date on the PDF and completes the lead work', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const leader = await w.as('lanhdao.hienvan');
    const official = await w.as('chuyenvien.hienvan');
    const leaderName = (await leader.get('/auth/me')).body.fullName;
    const unit = (await clerk.get(`/organizations/${ORG.communeHienVan}`)).body.units.find((u: { abbreviation: string }) => u.abbreviation === 'VP');

    const incoming = (await clerk.post('/incoming', pdfForm(await makeDraftPdf(), { issuer: 'Ủy ban nhân dân huyện Tiên Du', symbol: '88/UBND-VP', docType: 'CV', issuedDate: '2026-11-20', subject: 'Về việc báo cáo tình hình dịch bệnh', urgency: 'normal', secrecy: 'normal', pages: 1 }))).body;
    await clerk.post(`/documents/${incoming.id}/submit`, { leaderId: leader.userId });
    const notesBefore = await w.t.database.db('notifications').where({ user_id: official.userId }).count<{ count: string }[]>('* as count');
    // The official by name as lead and their own unit as coordinator: one assignment, one toast each.
    const directed = await leader.post(`/documents/${incoming.id}/direction`, { instruction: 'Đồng chí Nam dự thảo trả lời', lead: { userId: official.userId }, coordinators: [{ unitId: unit.id }, { userId: official.userId }] });
    expect(directed.status).toBe(200);
    const assignments = (await clerk.get(`/documents/${incoming.id}`)).body.assignments;
    expect(assignments.map((a: { role: string; assigneeUserId: string | null }) => [a.role, a.assigneeUserId ?? 'unit']).sort()).toEqual([['coordinate', 'unit'], ['lead', official.userId]]);
    const newNotes = (await w.t.database.db('notifications').where({ user_id: official.userId }).orderBy('id')).slice(Number(notesBefore[0].count));
    expect(newNotes.map((n) => [n.type, n.payload.role ?? n.payload.reason])).toEqual([['assignment:new', 'lead']]);

    // A reply answering a document of another agency, or something that is not incoming, is refused.
    const foreign = await official.post('/outgoing', pdfForm(await makeDraftPdf(), { docType: 'CV', subject: 'Trả lời sai', answers: [(await (await w.as('vanthu.tinh')).get('/inbox')).body.items[0]?.document?.id ?? '00000000-0000-4000-8000-000000000000'] }));
    expect(foreign.status).toBe(404);

    const draftPdf = await makeDraftPdf({ printedBlanks: { stub: '/UBND-KT', place: 'Hiên Vân' }, signerName: leaderName, title: 'CÔNG VĂN báo cáo tình hình dịch bệnh' });
    const draft = await official.post('/outgoing', pdfForm(draftPdf, { docType: 'CV', subject: 'Báo cáo tình hình dịch bệnh trên địa bàn xã', recipients: [ORG.districtTienDu], answers: [incoming.id] }, 'du-thao-tra-loi.pdf'));
    expect(draft.status).toBe(201);
    const replyView = (await official.get(`/documents/${draft.body.id}`)).body;
    expect(replyView.answers.map((a: { id: string }) => a.id)).toEqual([incoming.id]);
    expect((await clerk.get(`/documents/${incoming.id}`)).body.replies).toMatchObject([{ id: draft.body.id, status: 'draft', symbol: null }]);

    await official.post(`/documents/${draft.body.id}/submit`, { leaderId: leader.userId });
    expect((await leader.post(`/documents/${draft.body.id}/sign`, { pin: DEMO_PIN })).status).toBe(200);
    const issued = await clerk.post(`/documents/${draft.body.id}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ symbol: '01/UBND-VP', fileName: '01-UBND-VP.pdf' });
    expect(issued.body.warnings).toEqual([]);

    const res = await fetch(`${w.t.url}/api/v1/documents/${draft.body.id}/file`, { headers: { authorization: `Bearer ${clerk.token}` } });
    expect(res.headers.get('content-disposition')).toMatch(/01-UBND-VP\.pdf/);
    const file = path.join(tmp, 'issued.pdf');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const pdfsig = (await run('pdfsig', ['-nssdir', `sql:${nssDir}`, file]).catch((e) => e)).stdout as string;
    expect(pdfsig.match(/Signature is Valid\./g)).toHaveLength(2);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(text).toContain('01/UBND-VP');
    expect(text).toMatch(/ngày\s+\d{2} tháng \d{2}/);
    const report = (await clerk.get(`/documents/${draft.body.id}/signatures`)).body;
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s: { changesAfter: string }) => s.changesAfter)).toEqual(['form_fill', 'none']);
    fs.mkdirSync(path.resolve('test-artifacts'), { recursive: true });
    await run('pdftoppm', ['-r', '80', '-png', '-singlefile', file, path.resolve('test-artifacts/issued-reply')]);

    // The loop is closed: the incoming document lists its reply, the lead work is done, the register shows it.
    const after = (await clerk.get(`/documents/${incoming.id}`)).body;
    expect(after.replies).toMatchObject([{ id: draft.body.id, status: 'issued', symbol: '01/UBND-VP' }]);
    const lead = after.assignments.find((a: { role: string }) => a.role === 'lead');
    expect(lead).toMatchObject({ status: 'completed', percent: 100, result: 'Đã trả lời bằng văn bản số 01/UBND-VP' });
    const year = new Date().getUTCFullYear();
    const book = (await clerk.get(`/registers/follow-up?from=${year}-01-01&to=${year}-12-31`)).body;
    const row = book.rows.find((r: string[]) => r[1].includes('88/UBND-VP') && r[2].includes('chủ trì'));
    expect(row[5]).toBe('01/UBND-VP');
    expect(row[4]).toMatch(/^Hoàn thành/);
    const history = (await clerk.get(`/documents/${incoming.id}/history`)).body.items.map((h: { action: string }) => h.action);
    expect(history).toContain('document.replied');
  }, 180_000);
});
