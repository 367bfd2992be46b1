import type { Browser, Page } from 'playwright-core';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../helpers/demo-world';
import { makeDraftPdf } from '../helpers/pdf-fixtures';
import { ADMIN_PASSWORD } from '../helpers/test-server';
import { clientFront, type Front } from './front';
import { launchChromium, rowsSettleAt, screenshot, signIn, type UserTab } from './browser';

const pdfFile = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/pdf', buffer });
const statusIs = (page: Page, text: string) => page.getByTestId('dossier-status').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
const noWiderThan = async (page: Page, width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

/**
 * Dossiers through the UI: the official opens a dossier from a directed incoming document, drafts
 * the reply from it, puts the reply in the dossier and submits; the leader on a 768 px tablet
 * returns it with a reason, then approves it; the list shows tabs, and overdue dossiers in red.
 */
describe('work dossiers in Chromium', () => {
  let w: DemoWorld;
  let front: Front;
  let browser: Browser;
  const tabs: UserTab[] = [];

  beforeAll(async () => {
    w = await startDemoWorld();
    front = await clientFront(w.t.url);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await front?.close();
    await w?.t.stop();
  });

  it('opens a dossier from an incoming document, drafts the reply and walks the dossier to its end', async () => {
    const clerkApi = await w.as('vanthu.hienvan');
    const leaderApi = await w.as('lanhdao.hienvan');
    const officialApi = await w.as('chuyenvien.hienvan');
    const subject = 'Về việc kiểm tra an toàn thực phẩm dịp Tết';
    const incoming = (await clerkApi.post('/incoming', pdfForm(await makeDraftPdf(), { issuer: 'Ủy ban nhân dân huyện Tiên Du', issuerCode: ORG.districtTienDu, symbol: '77/UBND-YT', docType: 'CV', issuedDate: '2026-11-25', subject, pages: 1 }))).body;
    await clerkApi.post(`/documents/${incoming.id}/submit`, { leaderId: leaderApi.userId });
    await leaderApi.post(`/documents/${incoming.id}/direction`, { instruction: 'Lập hồ sơ và trả lời huyện', lead: { userId: officialApi.userId } });
    // An overdue dossier, for the red row in the list.
    await officialApi.post('/dossiers', { title: 'Hồ sơ quá hạn thử nghiệm', openedOn: '2026-01-05', deadline: '2026-01-10', ownerId: officialApi.userId, approverId: leaderApi.userId });

    // 1. The official (1366 px) opens the dossier in one step from the directed incoming document.
    const official = await signIn(browser, front.url, 'chuyenvien.hienvan', { width: 1366, height: 900 });
    tabs.push(official);
    const o = official.page;
    await o.goto(`/van-ban/${incoming.id}`);
    await o.getByRole('heading', { level: 1, name: subject }).waitFor();
    await o.getByRole('link', { name: 'Lập hồ sơ công việc' }).click();
    await o.getByRole('heading', { name: 'Lập hồ sơ công việc' }).waitFor();
    await o.getByText('Mở từ văn bản đến 77/UBND-YT').waitFor();
    await o.getByLabel('Lĩnh vực').fill('Y tế');
    await o.getByRole('button', { name: 'Lập hồ sơ' }).click();
    await statusIs(o, 'Mới lập');
    const dossierUrl = o.url();
    await o.locator('.doc-list').getByText(subject).waitFor();
    await o.getByRole('button', { name: 'Bắt đầu giải quyết' }).click();
    await statusIs(o, 'Đang giải quyết');

    // 2. The reply drafted from the incoming document, prefilled and linked to it.
    await o.goto(`/van-ban/${incoming.id}`);
    await o.getByRole('link', { name: 'Soạn văn bản trả lời' }).click();
    await o.getByTestId('answering').filter({ hasText: '77/UBND-YT' }).waitFor();
    expect(await o.getByLabel('Trích yếu nội dung').inputValue()).toMatch(/^V\/v trả lời Văn bản số 77\/UBND-YT/);
    await o.locator('.chips').getByText('Ủy ban nhân dân huyện Tiên Du').waitFor();
    await o.getByLabel('Tệp PDF dự thảo').setInputFiles(pdfFile('tra-loi.pdf', await makeDraftPdf({ printedBlanks: {}, title: 'CÔNG VĂN trả lời' })));
    await screenshot(o, '20-soan-tra-loi-1366');
    await o.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await o.getByRole('heading', { name: 'Trả lời văn bản đến' }).waitFor();
    const draftUrl = o.url();
    await o.getByRole('link', { name: new RegExp(subject) }).waitFor();

    // 3. The reply goes into the dossier through the link dialog (pasted link), then the dossier is submitted.
    await o.goto(dossierUrl);
    await o.getByRole('button', { name: 'Thêm văn bản' }).click();
    await o.getByLabel('Hoặc dán đường dẫn / mã văn bản').fill(draftUrl);
    await o.getByRole('button', { name: 'Thêm văn bản này' }).click();
    await o.locator('.doc-list .tag', { hasText: 'Dự thảo' }).waitFor();
    await o.getByLabel('Ý kiến của bạn').fill('Đã dự thảo công văn trả lời huyện');
    await o.getByRole('button', { name: 'Ghi ý kiến' }).click();
    await o.locator('.timeline').getByText('Đã dự thảo công văn trả lời huyện').first().waitFor();
    await o.getByRole('button', { name: 'Trình lãnh đạo' }).click();
    await statusIs(o, 'Chờ lãnh đạo duyệt');
    await screenshot(o, '21-ho-so-da-trinh-1366');

    // 4. The leader on a tablet returns it with a reason; the official reworks and resubmits; the leader approves.
    const leader = await signIn(browser, front.url, 'lanhdao.hienvan', { width: 768, height: 1024 });
    tabs.push(leader);
    const l = leader.page;
    await l.goto(dossierUrl);
    await statusIs(l, 'Chờ lãnh đạo duyệt');
    await l.getByRole('button', { name: 'Trả lại' }).click();
    await l.getByRole('button', { name: 'Trả lại' }).click(); // empty reason: refused by the form
    await l.getByText('Vui lòng nhập nội dung.').waitFor();
    await l.getByLabel('Lý do trả lại').fill('Bổ sung kết quả kiểm tra các cơ sở');
    await l.getByRole('button', { name: 'Trả lại' }).click();
    await statusIs(l, 'Bị trả lại');
    await noWiderThan(l, 768);
    await screenshot(l, '22-ho-so-tra-lai-768');

    await statusIs(o, 'Bị trả lại'); // live, through the socket
    await o.locator('.warning', { hasText: 'Lý do: Bổ sung kết quả kiểm tra các cơ sở' }).waitFor();
    await o.getByRole('button', { name: 'Giải quyết lại' }).click();
    await statusIs(o, 'Đang giải quyết');
    await o.getByRole('button', { name: 'Trình lãnh đạo' }).click();
    await statusIs(o, 'Chờ lãnh đạo duyệt');

    await statusIs(l, 'Chờ lãnh đạo duyệt');
    await l.getByRole('button', { name: 'Duyệt, kết thúc hồ sơ' }).click();
    await statusIs(l, 'Đã kết thúc');
    await l.getByRole('button', { name: 'Mở lại hồ sơ' }).waitFor();
    await l.locator('.timeline').getByText(/Trả lại: .*Bổ sung kết quả/).waitFor();

    // 5. The list: tabs by state, the overdue dossier in red, at 1366 and 768 px.
    await o.goto('/ho-so');
    await o.getByRole('heading', { name: 'Hồ sơ công việc' }).waitFor();
    const overdueRow = o.getByTestId('dossier-row').filter({ hasText: 'Hồ sơ quá hạn thử nghiệm' });
    await overdueRow.waitFor();
    expect(await overdueRow.getAttribute('class')).toContain('overdue');
    expect(await overdueRow.locator('td').nth(3).evaluate((el) => getComputedStyle(el).color)).toBe('rgb(179, 38, 30)');
    await o.getByRole('tab', { name: 'Đã kết thúc' }).click();
    await o.getByTestId('dossier-row').filter({ hasText: 'Y tế' }).waitFor();
    await rowsSettleAt(o, 'dossier-row', 1);
    await o.getByRole('tab', { name: 'Quá hạn' }).click();
    await o.getByTestId('dossier-row').filter({ hasText: 'Hồ sơ quá hạn thử nghiệm' }).waitFor();
    await o.getByRole('tab', { name: 'Tất cả' }).click();
    await o.getByLabel('Tìm theo tiêu đề, mã hồ sơ').fill('quá hạn');
    await o.locator('#noi-dung').getByRole('button', { name: 'Tìm', exact: true }).click();
    await o.waitForFunction(() => document.querySelectorAll('[data-testid="dossier-row"]').length === 1);
    await screenshot(o, '23-danh-sach-ho-so-1366');
    await l.goto('/ho-so');
    await l.getByTestId('dossier-row').first().waitFor();
    await noWiderThan(l, 768);
    await screenshot(l, '24-danh-sach-ho-so-768');

    for (const t of tabs) expect(t.problems.filter((m) => !/status of 4\d\d/.test(m))).toEqual([]);
  }, 240_000);

  it('offers the agency\'s subject areas instead of free text, on the new dossier form and the list filter (768 px)', async () => {
    const admin = await w.anon.login('admin', ADMIN_PASSWORD);
    for (const [code, name] of [['TC', 'Tài chính - Ngân sách'], ['DD', 'Đất đai'], ['YT', 'Y tế cũ']]) {
      expect((await admin.post(`/organizations/${ORG.communeXuanLai}/catalog`, { kind: 'subject_area', code, name })).status).toBe(201);
    }
    const old = (await admin.get(`/organizations/${ORG.communeXuanLai}/catalog?kind=subject_area`)).body.items.find((i: { code: string }) => i.code === 'YT');
    await admin.post(`/catalog/${old.id}`, { active: false });
    const leaderApi = await w.as('lanhdao.xuanlai');
    const officialApi = await w.as('chuyenvien.xuanlai');
    await officialApi.post('/dossiers', { title: 'Hồ sơ ngân sách quý IV', field: 'TC', openedOn: '2026-11-02', ownerId: officialApi.userId, approverId: leaderApi.userId });

    const official = await signIn(browser, front.url, 'chuyenvien.xuanlai', { width: 768, height: 1024 });
    tabs.push(official);
    const o = official.page;
    await o.goto('/ho-so/moi');
    await o.getByRole('heading', { name: 'Lập hồ sơ công việc' }).waitFor();
    const area = o.getByRole('combobox', { name: 'Lĩnh vực' });
    await area.locator('option', { hasText: 'Đất đai' }).waitFor({ state: 'attached' });
    expect((await area.locator('option').allTextContents()).sort()).toEqual(['— Chưa chọn lĩnh vực —', 'Tài chính - Ngân sách', 'Đất đai'].sort());
    await o.getByLabel('Tiêu đề hồ sơ').fill('Hồ sơ giao đất xây trường');
    await area.selectOption({ label: 'Đất đai' });
    await o.getByLabel('Lãnh đạo duyệt').selectOption({ label: 'Vương Văn Lực' });
    await o.getByRole('button', { name: 'Lập hồ sơ' }).click();
    await statusIs(o, 'Mới lập');
    await o.getByText('Đất đai', { exact: true }).waitFor();
    await noWiderThan(o, 768);

    // The list filters by the catalogue, stopped areas still offered (older dossiers keep them).
    await o.goto('/ho-so');
    const filter = o.getByRole('search', { name: 'Tìm hồ sơ' }).getByRole('combobox', { name: 'Lĩnh vực' });
    await filter.locator('option', { hasText: 'Y tế cũ (ngừng dùng)' }).waitFor({ state: 'attached' });
    await filter.selectOption({ label: 'Tài chính - Ngân sách' });
    await o.locator('#noi-dung').getByRole('button', { name: 'Tìm', exact: true }).click();
    await o.waitForFunction(() => document.querySelectorAll('[data-testid="dossier-row"]').length === 1);
    await o.getByTestId('dossier-row').filter({ hasText: 'Hồ sơ ngân sách quý IV' }).waitFor();
    await screenshot(o, '25-ho-so-linh-vuc-768');
    expect(official.problems.filter((m) => !/status of 4\d\d/.test(m))).toEqual([]);
  }, 240_000);
});
