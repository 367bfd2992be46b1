import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSign } from 'node:crypto';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';
import { equipForSigning, LEADER_PIN, type SigningSetup } from '../../helpers/signing-setup';
import { demoPki } from '../../signing/ca/fixtures';

const run = promisify(execFile);
jest.setTimeout(240_000);

/**
 * Issue 15, round 4: a deputy signing for the head (KT.) is shown as Decree 30 prints it — the
 * "KT. CHỦ TỊCH" line, then "PHÓ CHỦ TỊCH", then the name — on the signed PDF and in the API view.
 */
describe('signing on behalf of the head shows on the document', () => {
  let w: DemoWorld;
  let setup: SigningSetup;
  let tmp: string;
  const DEPUTY = 'Vũ Thị Mai';

  beforeAll(async () => {
    w = await startDemoWorld();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-kt-'));
    const admin = await w.as('quantri.tinh');
    const head = await w.as('lanhdao.tinh');
    const deputy = await w.as('chuyenvien.tinh');
    expect((await admin.post(`/users/${head.userId}`, { position: 'Chủ tịch' })).status).toBe(200);
    expect((await admin.post(`/users/${deputy.userId}`, { roles: ['official', 'leader'], position: 'Phó Chủ tịch', signsFor: { userId: head.userId, capacity: 'KT' } })).status).toBe(200);
    setup = await equipForSigning(w, [{ leader: 'chuyenvien.tinh', orgCode: ORG.province }]);
  });
  afterAll(async () => {
    await w.t.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const draftAndSubmit = async (pdf: Buffer, subject: string): Promise<string> => {
    const deputy = await w.as('chuyenvien.tinh');
    const clerk = await w.as('vanthu.tinh');
    const draft = await clerk.post('/outgoing', pdfForm(pdf, { docType: 'TB', subject, recipients: [] }));
    expect(draft.status).toBe(201);
    expect((await clerk.post(`/documents/${draft.body.id}/submit`, { leaderId: deputy.userId })).status).toBe(200);
    return draft.body.id as string;
  };

  const download = async (id: string, name: string): Promise<string> => {
    const deputy = await w.as('chuyenvien.tinh');
    const res = await fetch(`${w.t.url}/api/v1/documents/${id}/file`, { headers: { authorization: `Bearer ${deputy.token}` } });
    const file = path.join(tmp, name);
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    return file;
  };

  const pdfsigValid = async (file: string, signatures = 1) => {
    const out = (await run('pdfsig', ['-no-ocsp', '-nssdir', `sql:${setup.nssDir}`, file]).catch((e) => e)).stdout as string;
    expect(out.match(/Signature is Valid\./g)).toHaveLength(signatures);
    expect(out.match(/Certificate is Trusted\./g)).toHaveLength(signatures);
  };

  it('a draft without a printed block: the signature appearance carries the whole block, in order, and the view says so', async () => {
    const deputy = await w.as('chuyenvien.tinh');
    const id = await draftAndSubmit(await makeDraftPdf({ signerName: '', position: '' }), 'Thông báo ký thay Chủ tịch');
    const signed = await deputy.post(`/documents/${id}/sign`, { pin: LEADER_PIN });
    expect(signed.status).toBe(200);
    expect(signed.body.signedAs).toEqual({ fullName: DEPUTY, position: 'Phó Chủ tịch', capacity: 'KT', onBehalfOf: { fullName: 'Đỗ Quang Huy', position: 'Chủ tịch' }, lines: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'] });

    const file = await download(id, 'kt-whole-block.pdf');
    await pdfsigValid(file);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(text).toMatch(/KT\. CHỦ TỊCH\s*\n[\s\S]*PHÓ CHỦ TỊCH\s*\n[\s\S]*Vũ Thị Mai/);
    const mutool = await run('mutool', ['draw', '-F', 'txt', file]).catch(() => null);
    if (mutool) expect(mutool.stdout).toMatch(/KT\. CHỦ TỊCH[\s\S]*PHÓ CHỦ TỊCH[\s\S]*Vũ Thị Mai/);

    // The document view (clerk's and leader's) and the audit record carry it too.
    const clerk = await w.as('vanthu.tinh');
    const view = (await clerk.get(`/documents/${id}`)).body.document;
    expect(view.signedAs.lines).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
    const audit = await w.t.vanban.db('audit_events').where({ action: 'document.sign', object_id: id }).first();
    expect(audit.summary).toMatch(/^Lãnh đạo ký số \(KT\. CHỦ TỊCH\)/);

    // The clerk seals over it (the seal finds the signature image inside the block) and both signatures verify.
    const issued = await clerk.post(`/documents/${id}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body.signedAs.lines[0]).toBe('KT. CHỦ TỊCH');
    const sealed = await download(id, 'kt-issued.pdf');
    await pdfsigValid(sealed, 2);
    expect((await run('pdftotext', ['-layout', sealed, '-'])).stdout).toMatch(/KT\. CHỦ TỊCH\s*\n[\s\S]*PHÓ CHỦ TỊCH/);
    // Sent to another system, the edXML SignerInfo carries the authority as Competence.
    const edxml = await fetch(`${w.t.url}/api/v1/documents/${id}/edxml?to=${ORG.finance}`, { headers: { authorization: `Bearer ${clerk.token}` } });
    expect(edxml.status).toBe(200);
    const xml = await edxml.text();
    expect(xml).toMatch(/<edXML:SignerInfo>\s*<edXML:Competence>KT\. CHỦ TỊCH<\/edXML:Competence>\s*<edXML:Position>Phó Chủ tịch<\/edXML:Position>\s*<edXML:FullName>Vũ Thị Mai<\/edXML:FullName>/);
  });

  it('a draft printing the whole block: the image goes between its lines, nothing printed twice', async () => {
    const deputy = await w.as('chuyenvien.tinh');
    const id = await draftAndSubmit(await makeDraftPdf({ signerName: DEPUTY, blockLines: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'] }), 'Thông báo có khối chữ ký in sẵn');
    const signed = await deputy.post(`/documents/${id}/sign`, { pin: LEADER_PIN });
    expect(signed.status).toBe(200);
    expect(signed.body.signedAs.lines).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
    const file = await download(id, 'kt-printed-block.pdf');
    await pdfsigValid(file);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(text.match(/KT\. CHỦ TỊCH/g)).toHaveLength(1);
    expect(text.match(/Vũ Thị Mai/g)).toHaveLength(1);
  });

  it('a draft printing the name without the authority line is refused with a coded error, and stays unsigned', async () => {
    const deputy = await w.as('chuyenvien.tinh');
    const id = await draftAndSubmit(await makeDraftPdf({ signerName: DEPUTY, position: 'PHÓ CHỦ TỊCH' }), 'Thông báo thiếu dòng ký thay');
    const refused = await deputy.post(`/documents/${id}/sign`, { pin: LEADER_PIN });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'SIGN_BLOCK_MISMATCH']);
    expect(refused.body.error.message).toMatch(/thiếu dòng "KT\. CHỦ TỊCH"/);
    expect((await deputy.get(`/documents/${id}`)).body.document).toMatchObject({ status: 'submitted', signedAs: null });
  });

  it('a draft laid out for the head (their name printed) is refused to the deputy rather than signed over it', async () => {
    const deputy = await w.as('chuyenvien.tinh');
    const id = await draftAndSubmit(await makeDraftPdf({ signerName: 'Đỗ Quang Huy', position: 'CHỦ TỊCH' }), 'Thông báo soạn cho Chủ tịch ký');
    const refused = await deputy.post(`/documents/${id}/sign`, { pin: LEADER_PIN });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'SIGN_BLOCK_MISMATCH']);
    expect(refused.body.error.message).toMatch(/^Dự thảo in khối chữ ký của Đỗ Quang Huy, không phải của người ký Vũ Thị Mai/);
  });

  it('two-phase signing (USB token, remote service) draws the same block and records it', async () => {
    const deputy = await w.as('chuyenvien.tinh');
    const pki = await demoPki();
    const id = await draftAndSubmit(await makeDraftPdf({ signerName: '', position: '' }), 'Thông báo ký thay bằng thiết bị ký');
    const prepared = await deputy.post(`/documents/${id}/sign/prepare`, { certificate: pki.leader.certPem, chain: pki.leader.chainPem });
    expect(prepared.status).toBe(200);
    const signatureValue = createSign('sha256').update(Buffer.from(prepared.body.toBeSigned, 'base64')).sign(pki.leader.keyPem).toString('base64');
    const done = await deputy.post(`/documents/${id}/sign/complete`, { sessionId: prepared.body.sessionId, signatureValue });
    expect(done.status).toBe(200);
    expect(done.body.signedAs.lines).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
    const file = await download(id, 'kt-token.pdf');
    await pdfsigValid(file);
    expect((await run('pdftotext', ['-layout', file, '-'])).stdout).toMatch(/KT\. CHỦ TỊCH\s*\n[\s\S]*PHÓ CHỦ TỊCH\s*\n[\s\S]*Vũ Thị Mai/);
  });

  it('a leader signing in their own name: the view shows their title, the appearance stays the image alone', async () => {
    const head = await w.as('lanhdao.tinh');
    await equipForSigning(w, [{ leader: 'lanhdao.tinh', orgCode: ORG.province }]);
    const official = await w.as('vanthu.tinh');
    const draft = await official.post('/outgoing', pdfForm(await makeDraftPdf({ signerName: 'Đỗ Quang Huy' }), { docType: 'TB', subject: 'Chủ tịch ký', recipients: [] }));
    await official.post(`/documents/${draft.body.id}/submit`, { leaderId: head.userId });
    const signed = await head.post(`/documents/${draft.body.id}/sign`, { pin: LEADER_PIN });
    expect(signed.body.signedAs).toEqual({ fullName: 'Đỗ Quang Huy', position: 'Chủ tịch', capacity: null, onBehalfOf: null, lines: ['CHỦ TỊCH'] });
  });
});
