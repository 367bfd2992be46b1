import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../helpers/demo-world';
import { makeDraftPdf } from '../helpers/pdf-fixtures';
import { clientFront, type Front } from './front';
import { launchChromium, screenshot, signIn, type UserTab } from './browser';

const run = promisify(execFile);
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const noWiderThan = async (page: Page, width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

/**
 * Two screens of the issue in Chromium, at 1366 and 768 px: consulting colleagues on a draft (the
 * drafter asks, the colleague answers from their home screen, the leader reads the answer on the
 * page where they sign) and the file plan with the hand-over to the archive (an entry added, a
 * closed dossier handed over, the package and its record downloaded).
 */
describe('consultation and archive screens in Chromium', () => {
  let w: DemoWorld;
  let front: Front;
  let browser: Browser;
  let tmp: string;
  const tabs: UserTab[] = [];

  beforeAll(async () => {
    w = await startDemoWorld();
    front = await clientFront(w.t.url);
    browser = await launchChromium();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-archive-ui-'));
  }, 180_000);
  afterAll(async () => {
    for (const t of tabs) await t.context.close().catch(() => undefined);
    await browser?.close();
    await front?.close();
    await w?.t.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const t of tabs.splice(0)) expect(t.problems.filter((m) => !/status of 4\d\d/.test(m))).toEqual([]);
  });

  it('consults a colleague on a draft; the leader sees the answer before signing', async () => {
    const officialApi = await w.as('chuyenvien.hienvan');
    const clerkApi = await w.as('vanthu.hienvan');
    const leaderApi = await w.as('lanhdao.hienvan');
    const clerkName = (await clerkApi.get('/auth/me')).body.fullName as string;
    const subject = 'Báo cáo kết quả chuyển đổi số năm 2026';
    const draft = await officialApi.post('/outgoing', pdfForm(await makeDraftPdf({ title: 'BÁO CÁO chuyển đổi số' }), { docType: 'BC', subject }, 'bao-cao.pdf'));
    expect(draft.status).toBe(201);
    const draftUrl = `/van-ban/${draft.body.id}`;

    // 1. The drafter (1366 px) asks the office clerk for an opinion, with a deadline.
    const official = await signIn(browser, front.url, 'chuyenvien.hienvan', { width: 1366, height: 900 });
    tabs.push(official);
    const o = official.page;
    await o.goto(draftUrl);
    await o.getByRole('heading', { name: 'Xin ý kiến dự thảo' }).waitFor();
    await o.getByRole('button', { name: 'Xin ý kiến' }).click();
    await o.getByRole('button', { name: 'Gửi xin ý kiến' }).click(); // nothing chosen: refused by the form
    await o.getByText('Nhập nội dung và chọn ít nhất một người').waitFor();
    await o.getByLabel('Nội dung xin ý kiến').fill('Đề nghị chị rà soát số liệu phần văn thư điện tử');
    await o.getByRole('checkbox', { name: clerkName }).check();
    await o.getByRole('button', { name: 'Gửi xin ý kiến' }).click();
    await o.getByText('Đã gửi xin ý kiến.').waitFor();
    const asked = o.getByTestId('consultation').filter({ hasText: clerkName });
    await asked.getByText('Chưa có ý kiến.').waitFor();
    await screenshot(o, '30-xin-y-kien-1366');

    // 2. The colleague on a 768 px tablet finds it on the home screen and answers.
    const clerk = await signIn(browser, front.url, 'vanthu.hienvan', { width: 768, height: 1024 });
    tabs.push(clerk);
    const c = clerk.page;
    const pending = c.locator('[data-section="consultations"]');
    await pending.getByRole('heading', { name: 'Dự thảo chờ bạn góp ý (1)' }).waitFor();
    await pending.getByRole('link', { name: new RegExp(subject) }).click();
    await c.getByRole('heading', { name: 'Xin ý kiến dự thảo' }).waitFor();
    await c.getByTestId('consultation').getByRole('button', { name: 'Góp ý' }).click();
    await c.getByLabel('Ý kiến góp ý').fill('Số liệu văn bản điện tử cần cập nhật đến hết tháng 11');
    await c.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await c.getByTestId('consultation').getByText('Số liệu văn bản điện tử cần cập nhật đến hết tháng 11').waitFor();
    await noWiderThan(c, 768);
    await screenshot(c, '31-gop-y-768');

    // The drafter's page shows the answer live (socket), then the draft goes to the leader.
    await asked.getByText('Số liệu văn bản điện tử cần cập nhật đến hết tháng 11').waitFor();
    expect((await officialApi.post(`/documents/${draft.body.id}/submit`, { leaderId: leaderApi.userId })).status).toBe(200);

    // 3. The leader opens the submitted draft: the answer is there, beside the signing button.
    const leader = await signIn(browser, front.url, 'lanhdao.hienvan', { width: 1366, height: 900 });
    tabs.push(leader);
    const l = leader.page;
    await l.goto(draftUrl);
    const answered = l.getByTestId('consultation').filter({ hasText: clerkName });
    await answered.getByText('Số liệu văn bản điện tử cần cập nhật đến hết tháng 11').waitFor();
    await answered.getByText(`(${clerkName},`, { exact: false }).waitFor();
    await l.locator('.actions-card').getByRole('button', { name: 'Ký số' }).waitFor();
    await l.locator('.timeline').getByText(/Góp ý dự thảo .*Số liệu văn bản điện tử/).waitFor();
    await screenshot(l, '32-lanh-dao-xem-gop-y-1366');
  }, 240_000);

  it('adds to the file plan, hands a closed dossier to the archive and downloads the package', async () => {
    const clerkApi = await w.as('vanthu.xuanlai');
    const leaderApi = await w.as('lanhdao.xuanlai');
    const officialApi = await w.as('chuyenvien.xuanlai');
    const officialName = (await officialApi.get('/auth/me')).body.fullName as string;
    const year = Number(today().slice(0, 4));

    // 1. The clerk (1366 px) adds an entry to the year's file plan.
    const clerk = await signIn(browser, front.url, 'vanthu.xuanlai', { width: 1366, height: 900 });
    tabs.push(clerk);
    const c = clerk.page;
    await c.getByRole('link', { name: 'Lưu trữ' }).click();
    await c.getByRole('heading', { name: 'Danh mục hồ sơ và nộp lưu' }).waitFor();
    await c.getByText(`Chưa có danh mục hồ sơ năm ${year}.`).waitFor();
    await c.getByRole('button', { name: 'Thêm vào danh mục' }).click();
    await c.getByText('Cần mã hồ sơ').waitFor();
    await c.getByLabel('Mã hồ sơ').fill('05.VP');
    await c.getByLabel('Tiêu đề hồ sơ').fill('Hồ sơ thi đua, khen thưởng năm 2026');
    await c.getByLabel('Thời hạn bảo quản').selectOption({ label: '20 năm' });
    await c.getByLabel('Người lập hồ sơ').selectOption({ label: officialName });
    await c.getByRole('button', { name: 'Thêm vào danh mục' }).click();
    await c.getByText('Đã thêm vào danh mục hồ sơ.').waitFor();
    const planRow = c.locator('tr', { hasText: '05.VP' });
    await planRow.getByText('Hồ sơ thi đua, khen thưởng năm 2026').waitFor();
    await planRow.getByText('20 năm').waitFor();

    // 2. A dossier opened against it and closed (through the API: the dossier screens have their own test).
    const incoming = (await clerkApi.post('/incoming', pdfForm(await makeDraftPdf(), { issuer: 'Ủy ban nhân dân huyện Gia Bình', issuerCode: ORG.districtGiaBinh, symbol: '12/UBND-NV', docType: 'CV', issuedDate: '2026-11-12', subject: 'Về việc đề nghị khen thưởng', pages: 1 }))).body;
    const dossier = (await officialApi.post('/dossiers', { title: 'Khen thưởng tập thể, cá nhân năm 2026', openedOn: today(), ownerId: officialApi.userId, approverId: leaderApi.userId, filePlanCode: '05.VP', documentIds: [incoming.id] })).body;
    expect(dossier.code).toBe('05.VP.01');
    for (const step of ['start', 'submit']) expect((await officialApi.post(`/dossiers/${dossier.id}/actions/${step}`, {})).status).toBe(200);
    expect((await leaderApi.post(`/dossiers/${dossier.id}/actions/approve`, {})).body.status).toBe('completed');

    // 3. The clerk hands the year's closed dossiers over and downloads the package and its record.
    await c.reload();
    await planRow.locator('td').nth(4).filter({ hasText: /^1$/ }).waitFor();
    await c.getByRole('button', { name: `Nộp lưu hồ sơ năm ${year}` }).click();
    await c.getByText(`Đã nộp lưu 1 hồ sơ năm ${year}.`).waitFor();
    const transfer = c.locator('li', { hasText: `Năm ${year}: 1 hồ sơ` });
    await transfer.waitFor();
    const [pkg] = await Promise.all([c.waitForEvent('download'), transfer.getByRole('button', { name: 'Tải gói nộp lưu' }).click()]);
    expect(pkg.suggestedFilename()).toBe(`nop-luu-${year}.zip`);
    const zipPath = path.join(tmp, 'goi.zip');
    await pkg.saveAs(zipPath);
    const zip = await JSZip.loadAsync(fs.readFileSync(zipPath));
    expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['bien-ban-giao-nop.pdf', 'manifest.json', '05.VP.01/muc-luc-van-ban.pdf', '05.VP.01/01-12-UBND-NV.pdf']));
    const [record] = await Promise.all([c.waitForEvent('download'), transfer.getByRole('button', { name: 'Tải biên bản giao nộp' }).click()]);
    expect(record.suggestedFilename()).toBe(`bien-ban-giao-nop-${year}.pdf`);
    const recordPath = path.join(tmp, 'bien-ban.pdf');
    await record.saveAs(recordPath);
    const text = (await run('pdftotext', ['-layout', recordPath, '-'])).stdout.replace(/[ \t]+/g, ' ');
    expect(text).toContain('BIÊN BẢN');
    expect(text).toMatch(/05\.VP\.01 Khen thưởng tập thể, cá nhân năm/);
    await screenshot(c, '33-nop-luu-1366');

    // 4. The leader on a 768 px tablet reads the plan and the hand-over; only the clerk hands over.
    const leader = await signIn(browser, front.url, 'lanhdao.xuanlai', { width: 768, height: 1024 });
    tabs.push(leader);
    const l = leader.page;
    await l.goto('/luu-tru');
    await l.locator('tr', { hasText: '05.VP' }).getByText('Hồ sơ thi đua, khen thưởng năm 2026').waitFor();
    await l.locator('li', { hasText: `Năm ${year}: 1 hồ sơ` }).getByRole('button', { name: 'Tải biên bản giao nộp' }).waitFor();
    expect(await l.getByRole('button', { name: `Nộp lưu hồ sơ năm ${year}` }).count()).toBe(0);
    await noWiderThan(l, 768);
    await screenshot(l, '34-luu-tru-768');
  }, 240_000);
});
