import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../helpers/demo-world';
import { makeDraftPdf } from '../helpers/pdf-fixtures';
import { clientFront, type Front } from './front';
import { launchChromium, screenshot, signIn } from './browser';

const meta = (over: Record<string, unknown> = {}) => ({
  issuer: 'Ủy ban nhân dân huyện Tiên Du', issuerCode: ORG.districtTienDu, symbol: '45/UBND-TCKH', docType: 'CV', issuedDate: '2026-11-16',
  subject: 'Công văn về việc rà soát hộ nghèo năm 2026', urgency: 'normal', secrecy: 'normal', pages: 1, ...over,
});

/** Lists, search, bookmarks and the notification history, in Chromium at 1366 and 768 px. */
describe('finding documents in the web client', () => {
  let w: DemoWorld;
  let front: Front;
  let browser: Browser;

  beforeAll(async () => {
    w = await startDemoWorld();
    const clerk = await w.as('vanthu.hienvan');
    const leader = await w.as('lanhdao.hienvan');
    const org = (await w.t.database.db('organizations').where({ code: ORG.communeHienVan }).first()).id;
    // Enough older documents for several pages.
    await w.t.database.db('documents').insert(
      Array.from({ length: 40 }, (_, i) => ({
        id: randomUUID(), organization_id: org, direction: 'incoming', status: 'registered', source: 'paper', doc_type: 'TB',
        subject: `Thông báo số ${String(i + 1).padStart(2, '0')} về lịch làm việc`, urgency: 'normal', secrecy: 'normal',
        issuer_name: 'Văn phòng UBND huyện', symbol: `${i + 1}/TB-VP`, arrival_at: new Date(Date.UTC(2026, 5, 1) + i * 86_400_000),
      })),
    );
    const pdf = await makeDraftPdf({ title: 'CÔNG VĂN về hệ thống thủy lợi nội đồng' });
    for (const [i, subject] of ['Công văn về việc rà soát hộ nghèo năm 2026', 'Kế hoạch tổ chức Đại hội Đảng bộ xã', 'Giấy mời họp giao ban'].entries()) {
      const res = await clerk.post('/incoming', pdfForm(pdf, meta({ subject, symbol: `${50 + i}/UBND-TCKH`, docType: i === 2 ? 'GM' : 'CV' })));
      expect(res.status).toBe(201);
      await clerk.post(`/documents/${res.body.id}/submit`, { leaderId: leader.userId });
    }
    await w.t.vanban.jobs.drain();
    front = await clientFront(w.t.url);
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await front?.close();
    await w?.t.stop();
  });

  it('lists, sorts, pages, filters, stars, exports and searches at 1366 px', async () => {
    const { page: p, problems, context } = await signIn(browser, front.url, 'vanthu.hienvan', { width: 1366, height: 900 });
    await p.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Danh sách văn bản' }).click();
    await p.getByRole('heading', { level: 1, name: 'Văn bản đến' }).waitFor();
    const rows = p.getByTestId('list-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(25);
    // Newest first: the three registered today lead.
    await expect(rows.first().getByRole('link')).toBeTruthy();
    expect(await rows.nth(0).getByRole('link').textContent()).toBe('Giấy mời họp giao ban');
    // Pages by cursor: 43 documents, 25 a page.
    await p.getByRole('button', { name: 'Trang sau ›' }).click();
    await p.getByText('Trang 2').waitFor();
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 18);
    expect(await p.getByRole('button', { name: 'Trang sau ›' }).isDisabled()).toBe(true);
    await p.getByRole('button', { name: '‹ Trang trước' }).click();
    await p.getByText('Trang 1').waitFor();
    // Sort by subject, ascending.
    await p.getByRole('button', { name: 'Trích yếu' }).click();
    await p.locator('th[aria-sort="ascending"]', { hasText: 'Trích yếu' }).waitFor();
    await p.waitForFunction(() => document.querySelector('[data-testid="list-row"] .doc-subject')?.textContent === 'Công văn về việc rà soát hộ nghèo năm 2026');
    // Filter: type Giấy mời.
    await p.getByLabel('Loại văn bản').selectOption('GM');
    await p.getByRole('button', { name: 'Lọc', exact: true }).click();
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 1);
    // Star it, then find it in the starred list with a private note.
    await rows.first().getByRole('button', { name: 'Đánh dấu' }).click();
    await rows.first().getByRole('button', { name: 'Bỏ đánh dấu' }).waitFor();
    await p.getByRole('link', { name: 'Văn bản đánh dấu' }).click();
    await p.getByRole('heading', { level: 1, name: 'Văn bản đánh dấu' }).waitFor();
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 1);
    await p.getByLabel('Ghi chú riêng').fill('Chuẩn bị tài liệu họp');
    const [saved] = await Promise.all([
      p.waitForResponse((r) => r.url().includes('/bookmark') && r.request().method() === 'PUT'),
      p.getByRole('button', { name: 'Lưu ghi chú' }).click(),
    ]);
    expect(await saved.json()).toEqual({ starred: true, note: 'Chuẩn bị tài liệu họp' });
    // Export what is on screen.
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Xuất Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^van-ban-danh-dau_dau_\d{4}-\d{2}-\d{2}\.xlsx$/);
    await screenshot(p, '12-danh-dau-1366');
    // The header search: without diacritics, highlighted, linking to the document.
    await p.getByRole('searchbox', { name: 'Tìm văn bản' }).fill('dang bo');
    await p.getByRole('button', { name: 'Tìm', exact: true }).click();
    await p.getByRole('heading', { level: 1, name: 'Kết quả tìm kiếm “dang bo”' }).waitFor();
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 1);
    expect(await rows.first().locator('mark').allTextContents()).toEqual(['Đảng', 'bộ']);
    // Ranked by relevance: the list says how far the ranking reaches; sorted by date it does not apply.
    await p.getByTestId('relevance-window').filter({ hasText: 'Xếp theo mức độ liên quan trong 500 văn bản khớp mới nhất' }).waitFor();
    // Text found inside the PDF shows a highlighted passage.
    await p.getByRole('searchbox', { name: 'Tìm văn bản' }).fill('thuy loi noi dong');
    await p.getByRole('button', { name: 'Tìm', exact: true }).click();
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 3);
    expect(await rows.first().locator('.snippet mark').allTextContents()).toEqual(expect.arrayContaining(['thủy', 'lợi', 'nội', 'đồng']));
    await screenshot(p, '13-tim-kiem-1366');
    await rows.first().getByRole('link').click();
    await p.waitForURL(/\/van-ban\/[0-9a-f-]{36}$/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens the notification history from the bell and marks all read, at 768 px', async () => {
    const { page: p, problems, context } = await signIn(browser, front.url, 'lanhdao.hienvan', { width: 768, height: 1024 });
    await p.getByTestId('unread').filter({ hasText: /^3$/ }).waitFor();
    await p.getByRole('button', { name: /thông báo chưa đọc/ }).click();
    const items = p.getByTestId('notification');
    await items.first().waitFor();
    expect(await items.count()).toBe(3);
    expect(await p.locator('.notif-list li.unread').count()).toBe(3);
    expect(await items.first().textContent()).toMatch(/Văn bản mới được trình: 52\/UBND-TCKH — Giấy mời họp giao ban/);
    await screenshot(p, '14-thong-bao-768');
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    // Reading one lowers the count and opens its document.
    await items.nth(2).getByRole('button').click();
    await p.waitForURL(/\/van-ban\/[0-9a-f-]{36}$/);
    await p.getByTestId('unread').filter({ hasText: /^2$/ }).waitFor();
    await p.getByRole('button', { name: /thông báo chưa đọc/ }).click();
    await p.locator('.notif-list li.unread').nth(1).waitFor();
    expect(await p.locator('.notif-list li.unread').count()).toBe(2);
    await p.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
    await p.getByTestId('unread').waitFor({ state: 'detached' });
    expect(await p.locator('.notif-list li.unread').count()).toBe(0);
    // The lists hold their layout on a tablet.
    await p.keyboard.press('Escape');
    await p.goto('/danh-sach/tat-ca');
    await p.getByTestId('list-row').first().waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await screenshot(p, '15-danh-sach-768');
    expect(problems).toEqual([]);
    await context.close();
  });
});
