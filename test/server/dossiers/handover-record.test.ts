import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

const run = promisify(execFile);
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const dmy = (ymd: string) => ymd.split('-').reverse().join('/');
/** pdftotext lays text out in columns; one space between words lets a test read a row as a line. */
const squeeze = (s: string) => s.replace(/[ \t]+/g, ' ');

/**
 * The hand-over to the archive carries a biên bản giao nộp (Decree 30 Appendix V–VI style) naming
 * the agency, the date, both sides, the dossiers handed over with their dates, retention and number
 * of documents, and the signature blocks; it is also downloadable on its own, as is each dossier's
 * printed mục lục văn bản.
 */
describe('archive hand-over record', () => {
  let w: DemoWorld;
  let tmp: string;
  beforeAll(async () => {
    w = await startDemoWorld();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-handover-'));
  });
  afterAll(async () => {
    await w.t.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const pdfText = async (bytes: Buffer, name: string) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, bytes);
    return squeeze((await run('pdftotext', ['-layout', file, '-'])).stdout);
  };

  it('prints the record with every dossier handed over, in the package and on its own', async () => {
    const clerk = await w.as('vanthu.daidong');
    const leader = await w.as('lanhdao.daidong');
    const official = await w.as('chuyenvien.daidong');
    const clerkName = (await clerk.get('/auth/me')).body.fullName as string;
    const year = Number(today().slice(0, 4));
    expect((await clerk.post('/file-plan', { year, code: '02.VHXH', title: 'Hồ sơ văn hóa, xã hội', retentionYears: 20, responsibleUserId: official.userId })).status).toBe(201);
    expect((await clerk.post('/file-plan', { year, code: '03.VHXH', title: 'Hồ sơ lễ hội truyền thống', retentionYears: null })).status).toBe(201);

    const incoming = async (symbol: string, subject: string) =>
      (await clerk.post('/incoming', pdfForm(await makeDraftPdf(), { issuer: 'Sở Văn hóa, Thể thao và Du lịch', symbol, docType: 'CV', issuedDate: '2026-11-10', subject, urgency: 'normal', secrecy: 'normal', pages: 1 }))).body.id as string;
    const dossiers = [
      { title: 'Tổ chức Ngày hội Đại đoàn kết toàn dân tộc', plan: '02.VHXH', docs: [await incoming('55/SVHTTDL-VP', 'Về việc tổ chức Ngày hội Đại đoàn kết'), await incoming('56/SVHTTDL-VP', 'Về việc báo cáo kết quả Ngày hội')] },
      { title: 'Lễ hội làng Đại Đồng năm 2026', plan: '03.VHXH', docs: [await incoming('57/SVHTTDL-QLVH', 'Về việc quản lý lễ hội truyền thống')] },
    ];
    const ids: string[] = [];
    for (const d of dossiers) {
      const created = await official.post('/dossiers', { title: d.title, openedOn: today(), ownerId: official.userId, approverId: leader.userId, filePlanCode: d.plan, documentIds: d.docs });
      expect(created.status).toBe(201);
      for (const step of ['start', 'submit']) expect((await official.post(`/dossiers/${created.body.id}/actions/${step}`, {})).status).toBe(200);
      expect((await leader.post(`/dossiers/${created.body.id}/actions/approve`, {})).body.status).toBe('completed');
      ids.push(created.body.id);
    }

    // Each dossier's mục lục văn bản prints on its own.
    const contentsPdf = await fetch(`${w.t.url}/api/v1/dossiers/${ids[0]}/contents?format=pdf`, { headers: { authorization: `Bearer ${official.token}` } });
    expect(contentsPdf.headers.get('content-type')).toMatch(/application\/pdf/);
    const contentsText = await pdfText(Buffer.from(await contentsPdf.arrayBuffer()), 'muc-luc.pdf');
    expect(contentsText).toContain('MỤC LỤC VĂN BẢN — HỒ SƠ 02.VHXH.01');
    expect(contentsText).toContain('55/SVHTTDL-VP');
    expect(contentsText).toContain('56/SVHTTDL-VP');

    const transfer = await clerk.post('/archive/transfers', { year });
    expect(transfer.status).toBe(201);
    expect(transfer.body.dossierCount).toBe(2);

    const zipRes = await fetch(`${w.t.url}/api/v1/archive/transfers/${transfer.body.id}/package`, { headers: { authorization: `Bearer ${clerk.token}` } });
    const zip = await JSZip.loadAsync(Buffer.from(await zipRes.arrayBuffer()));
    expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['bien-ban-giao-nop.pdf', '02.VHXH.01/muc-luc-van-ban.pdf', '03.VHXH.01/muc-luc-van-ban.pdf']));
    const inPackage = await pdfText(await zip.file('bien-ban-giao-nop.pdf')!.async('nodebuffer'), 'bien-ban-goi.pdf');
    expect(await pdfText(await zip.file('03.VHXH.01/muc-luc-van-ban.pdf')!.async('nodebuffer'), 'muc-luc-2.pdf')).toContain('57/SVHTTDL-QLVH');

    const recordRes = await fetch(`${w.t.url}/api/v1/archive/transfers/${transfer.body.id}/record`, { headers: { authorization: `Bearer ${clerk.token}` } });
    expect(recordRes.status).toBe(200);
    expect(recordRes.headers.get('content-type')).toMatch(/application\/pdf/);
    expect(recordRes.headers.get('content-disposition')).toContain(`bien-ban-giao-nop-${year}.pdf`);
    const recordBytes = Buffer.from(await recordRes.arrayBuffer());
    fs.mkdirSync(path.resolve('test-artifacts'), { recursive: true });
    fs.writeFileSync(path.resolve('test-artifacts', 'bien-ban-giao-nop.pdf'), recordBytes); // for a look by eye
    const downloaded = await pdfText(recordBytes, 'bien-ban.pdf');

    const [d, m, y] = dmy(today()).split('/');
    for (const text of [inPackage, downloaded]) {
      expect(text).toContain('ỦY BAN NHÂN DÂN XÃ ĐẠI ĐỒNG');
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
      expect(text).toContain(`ngày ${d} tháng ${m} năm ${y}`);
      expect(text).toContain('BIÊN BẢN');
      expect(text).toContain('Về việc giao nộp hồ sơ, tài liệu vào Lưu trữ cơ quan');
      expect(text).toContain(`BÊN GIAO: ${clerkName}`);
      expect(text).toContain('BÊN NHẬN: Lưu trữ cơ quan');
      expect(text).toContain('2 hồ sơ, 3 văn bản');
      expect(text).toContain('ĐẠI DIỆN BÊN GIAO');
      expect(text).toContain('ĐẠI DIỆN BÊN NHẬN');
      // One table row per dossier: number, code, title, dates, retention, number of documents.
      expect(text).toMatch(new RegExp(`1 02\\.VHXH\\.01 Tổ chức Ngày hội Đại đoàn kết toàn .*${dmy(today())} - .*20 năm 2`));
      expect(text).toMatch(new RegExp(`2 03\\.VHXH\\.01 Lễ hội làng Đại Đồng năm 2026 ${dmy(today())} - .*Vĩnh viễn 1`));
    }

    // Another agency cannot read the record.
    const outsider = await w.as('vanthu.hienvan');
    expect((await outsider.get(`/archive/transfers/${transfer.body.id}/record`)).status).toBe(404);
  });
});
