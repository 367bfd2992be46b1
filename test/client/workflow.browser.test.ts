import type { Browser, Page } from 'playwright-core';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../helpers/demo-world';
import { makeDraftPdf } from '../helpers/pdf-fixtures';
import { solidPng as makePng } from './png';
import { ADMIN_PASSWORD, DEMO_PASSWORD } from '../helpers/test-server';
import { demoPki } from '../signing/ca/fixtures';
import { clientFront, type Front } from './front';
import { launchChromium, screenshot, signIn, type UserTab } from './browser';

const PIN = '246810';

function p12Form(p12: Buffer, fields: Record<string, string>, field = 'p12'): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append(field, new Blob([new Uint8Array(p12)]), `${field}.bin`);
  return form;
}

const pdfFile = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/pdf', buffer });

/** Waits until every page canvas of the viewer has been painted by pdf.js. */
async function pdfRendered(page: Page): Promise<void> {
  await page.locator('.pdf-page canvas[data-rendered="true"]').first().waitFor({ timeout: 30_000 });
}

async function openFromInbox(page: Page, section: string, subject: string): Promise<void> {
  await page.goto('/');
  await page.locator(`[data-section="${section}"]`).getByRole('link', { name: subject }).click();
  await page.getByRole('heading', { level: 1, name: subject }).waitFor();
}

/** Waits (the UI updates after the request) until the document page shows this status. */
const hasStatus = (page: Page, text: string) => page.getByTestId('doc-status').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();

/** Picks the option of a labelled select whose text contains `text`. */
async function selectByText(page: Page, label: string, text: string): Promise<void> {
  const select = page.getByLabel(label);
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value!);
}

/**
 * The workflow issue walked through the UI, several users at once, on the real server: a paper
 * document is registered, directed and worked on; a reply is drafted, returned, corrected,
 * approved, signed on a tablet-sized screen, issued, and received live by the province.
 */
describe('web client in Chromium', () => {
  let w: DemoWorld;
  let front: Front;
  let browser: Browser;
  const tabs: UserTab[] = [];
  let leaderName = '';
  let officialName = '';

  beforeAll(async () => {
    w = await startDemoWorld({ VANBAN_DEMO_PKI: '0' });
    const pki = await demoPki();
    const admin = await w.anon.login('admin', ADMIN_PASSWORD);
    expect((await admin.post('/trust-anchors', { pem: pki.ca.rootCertPem })).status).toBe(201);
    const leader = await w.as('lanhdao.hienvan');
    expect((await admin.post(`/users/${leader.userId}/certificate`, p12Form(pki.leader.toP12('p12-pass'), { password: 'p12-pass', pin: PIN }))).status).toBe(201);
    expect((await admin.post(`/organizations/${ORG.communeHienVan}/certificate`, p12Form(pki.seal.toP12('seal-pass'), { password: 'seal-pass' }))).status).toBe(201);
    expect((await leader.post(`/users/${leader.userId}/signature-image`, p12Form(makePng(120, 50), {}, 'image'))).status).toBe(201);
    expect((await admin.post(`/organizations/${ORG.communeHienVan}/seal-image`, p12Form(makePng(110, 110, [220, 20, 30]), {}, 'image'))).status).toBe(201);
    leaderName = (await leader.get('/auth/me')).body.fullName;
    officialName = (await (await w.as('chuyenvien.hienvan')).get('/auth/me')).body.fullName;
    front = await clientFront(w.t.url);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await front?.close();
    await w?.t.stop();
  });

  it('walks the whole path through the UI with several users at once', async () => {
    const clerk = await signIn(browser, front.url, 'vanthu.hienvan');
    tabs.push(clerk);
    const c = clerk.page;
    await screenshot(c, '01-van-thu-trang-chu');

    // 1. A paper document: validation first, then the scan previewed by pdf.js, then the arrival number.
    await c.getByRole('link', { name: 'Vào sổ văn bản đến' }).click();
    await c.getByRole('button', { name: 'Vào sổ và cấp số đến' }).click();
    await c.getByText('Cần tên cơ quan ban hành').first().waitFor();
    await c.getByText('Cần tệp PDF bản quét').first().waitFor();
    await c.getByLabel('Tệp PDF bản quét').setInputFiles(pdfFile('cong-van-45.pdf', await makeDraftPdf({ title: 'CÔNG VĂN về việc rà soát hộ nghèo' })));
    await pdfRendered(c);
    await c.getByLabel('Cơ quan ban hành').fill('Ủy ban nhân dân huyện Tiên Du');
    await c.getByLabel('Số, ký hiệu').fill('45/UBND-TCKH');
    await c.getByLabel('Trích yếu nội dung').fill('Về việc rà soát hộ nghèo năm 2026');
    await c.getByLabel('Độ khẩn').selectOption('khan');
    await screenshot(c, '02-vao-so-van-ban-den');
    await c.getByRole('button', { name: 'Vào sổ và cấp số đến' }).click();
    await c.getByTestId('arrival-number').filter({ hasText: /^01$/ }).waitFor();
    await c.getByRole('link', { name: 'Mở văn bản' }).click();
    await pdfRendered(c);
    await c.getByRole('button', { name: 'Trình lãnh đạo' }).click();
    await selectByText(c, 'Lãnh đạo nhận', leaderName);
    await c.getByRole('button', { name: 'Trình', exact: true }).click();
    await hasStatus(c, 'Chờ lãnh đạo xử lý');

    // 2. The leader, on a tablet, directs it to the official with a deadline.
    const leader = await signIn(browser, front.url, 'lanhdao.hienvan', { width: 768, height: 1024 });
    tabs.push(leader);
    const l = leader.page;
    await l.locator('[data-section="awaiting_direction"]').getByRole('link', { name: 'Về việc rà soát hộ nghèo năm 2026' }).waitFor();
    await screenshot(l, '03-lanh-dao-trang-chu-768');
    await openFromInbox(l, 'awaiting_direction', 'Về việc rà soát hộ nghèo năm 2026');
    await l.getByRole('button', { name: 'Cho ý kiến chỉ đạo' }).click();
    await l.getByLabel('Ý kiến chỉ đạo', { exact: true }).fill('Giao đồng chí Nam dự thảo văn bản trả lời');
    await selectByText(l, 'Chủ trì xử lý', officialName);
    await screenshot(l, '04-but-phe-768');
    await l.getByRole('button', { name: 'Giao xử lý' }).click();
    await hasStatus(l, 'Đã giao xử lý');
    await l.locator('.direction', { hasText: 'Giao đồng chí Nam dự thảo văn bản trả lời' }).waitFor();

    // 3. The official sees the task with its deadline, reports progress and drafts the reply.
    const official = await signIn(browser, front.url, 'chuyenvien.hienvan');
    tabs.push(official);
    const o = official.page;
    const task = o.locator('[data-section="assigned"] li', { hasText: 'Về việc rà soát hộ nghèo năm 2026' });
    await task.locator('.deadline').waitFor();
    await openFromInbox(o, 'assigned', 'Về việc rà soát hộ nghèo năm 2026');
    await o.getByRole('button', { name: 'Cập nhật tiến độ' }).click();
    await o.getByLabel('Nội dung đã làm').fill('Đang tổng hợp số liệu các thôn');
    await o.getByLabel('Phần trăm hoàn thành').fill('50');
    await o.getByRole('button', { name: 'Lưu tiến độ' }).click();
    await o.getByText('Đang tổng hợp số liệu các thôn').first().waitFor();

    await o.getByRole('link', { name: 'Tạo dự thảo' }).click();
    await o.getByLabel('Tệp PDF dự thảo').setInputFiles(pdfFile('du-thao-1.pdf', await makeDraftPdf({ withFields: true, signerName: leaderName, title: 'CÔNG VĂN trả lời (dự thảo 1)' })));
    await pdfRendered(o);
    await o.getByLabel('Trích yếu nội dung').fill('Báo cáo kết quả rà soát hộ nghèo');
    await o.getByLabel('Độ khẩn').selectOption('khan');
    const search = o.getByLabel('Tìm cơ quan theo tên hoặc mã định danh');
    await search.fill('tien du'); // without diacritics
    await o.locator('.org-tree li', { hasText: ORG.districtTienDu }).getByRole('checkbox').check();
    await search.fill(ORG.province);
    await o.locator('.org-tree li', { hasText: ORG.province }).getByRole('checkbox').check();
    await search.fill('');
    // Inside the agency, the office (where the clerk and the official sit) receives it too.
    await o.getByRole('group', { name: 'Nơi nhận trong cơ quan' }).getByLabel(/\(VP\)/).check();
    await screenshot(o, '05-tao-du-thao');
    await o.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await hasStatus(o, 'Dự thảo');
    const draftUrl = o.url();
    await o.getByRole('button', { name: 'Trình ký' }).click();
    await selectByText(o, 'Lãnh đạo nhận', leaderName);
    await o.getByRole('button', { name: 'Trình', exact: true }).click();
    await hasStatus(o, 'Chờ lãnh đạo xử lý');

    // 4. The leader returns it with a reason; the official uploads version 2 and submits again.
    await openFromInbox(l, 'awaiting_signature', 'Báo cáo kết quả rà soát hộ nghèo');
    await l.getByRole('button', { name: 'Trả lại, yêu cầu sửa' }).click();
    await l.getByLabel('Lý do trả lại').fill('Bổ sung số liệu xã');
    await l.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await hasStatus(l, 'Đã trả lại');

    await o.goto(draftUrl);
    await o.getByText('Bổ sung số liệu xã').first().waitFor();
    await o.getByRole('button', { name: 'Tải lên phiên bản mới' }).click();
    await o.getByLabel('Tệp PDF phiên bản mới').setInputFiles(pdfFile('du-thao-2.pdf', await makeDraftPdf({ withFields: true, signerName: leaderName, title: 'CÔNG VĂN trả lời hộ nghèo (bổ sung)' })));
    await o.getByLabel('Ghi chú thay đổi').fill('Bổ sung số liệu');
    await o.getByRole('button', { name: 'Lưu phiên bản' }).click();
    await o.getByText('Phiên bản 2: Bổ sung số liệu').first().waitFor();
    await o.getByRole('button', { name: 'Trình ký' }).click();
    await selectByText(o, 'Lãnh đạo nhận', leaderName);
    await o.getByRole('button', { name: 'Trình', exact: true }).click();
    await hasStatus(o, 'Chờ lãnh đạo xử lý');

    // 5. The leader approves and signs on the tablet: the box is proposed over the printed name, moved by drag and keys.
    await openFromInbox(l, 'awaiting_signature', 'Báo cáo kết quả rà soát hộ nghèo');
    await pdfRendered(l);
    await l.getByRole('button', { name: 'Duyệt' }).click();
    await hasStatus(l, 'Đã duyệt');
    await l.getByRole('button', { name: 'Ký số' }).click();
    const box = l.getByTestId('signature-box');
    await box.waitFor();
    await box.scrollIntoViewIfNeeded();
    const before = (await box.boundingBox())!;
    await l.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
    await l.mouse.down();
    await l.mouse.move(before.x + before.width / 2 - 40, before.y + before.height / 2 - 30, { steps: 5 });
    await l.mouse.up();
    const after = (await box.boundingBox())!;
    expect(after.x).toBeLessThan(before.x - 20);
    expect(after.y).toBeLessThan(before.y - 10);
    await box.focus();
    await l.keyboard.press('ArrowRight');
    expect((await box.boundingBox())!.x).toBeGreaterThan(after.x);
    await screenshot(l, '06-ky-so-768');

    // Meanwhile the clerk waits on the home screen: the signed draft must appear there live.
    await c.goto('/');
    await c.getByTestId('count-ready_to_issue').filter({ hasText: '0' }).waitFor();

    await l.getByLabel('Mã PIN chữ ký số').fill('000000');
    await l.getByRole('button', { name: 'Ký số', exact: true }).last().click();
    await l.getByRole('alert').filter({ hasText: /PIN/ }).waitFor();
    await l.getByLabel('Mã PIN chữ ký số').fill(PIN);
    await l.locator('.sign-form').getByRole('button', { name: 'Ký số' }).click();
    await hasStatus(l, 'Lãnh đạo đã ký');
    await l.getByTestId('signature-panel').getByText('Hợp lệ', { exact: true }).waitFor();

    await c.getByTestId('count-ready_to_issue').filter({ hasText: '1' }).waitFor({ timeout: 15_000 });
    await c.locator('.toast').first().waitFor();

    // 6. The province clerk watches their inbox while the commune clerk issues: it arrives live.
    const province = await signIn(browser, front.url, 'vanthu.tinh');
    tabs.push(province);
    const p = province.page;
    await p.getByTestId('count-pending_electronic').filter({ hasText: '0' }).waitFor();

    await openFromInbox(c, 'ready_to_issue', 'Báo cáo kết quả rà soát hộ nghèo');
    await c.getByRole('button', { name: 'Cấp số và phát hành' }).click();
    // The recipient's toast lasts seconds while the checks on the sender's side below take longer:
    // watch for it from the moment of issuing.
    const recipientToast = p.locator('.toast', { hasText: 'Báo cáo kết quả rà soát hộ nghèo' }).first().waitFor({ timeout: 120_000 });
    // The clerk confirms the recipients the draft proposed (the tree picker, prefilled) and issues.
    await c.getByRole('button', { name: 'Phát hành đến 2 nơi nhận' }).click();
    await hasStatus(c, 'Đã ban hành');
    await c.getByText('01/UBND-VP').first().waitFor();
    await c.getByTestId('signature-panel').locator('.signature.ok').nth(1).waitFor({ timeout: 30_000 });
    await c.getByTestId('delivery').nth(1).waitFor();
    expect(await c.getByTestId('delivery').count()).toBe(2);
    await pdfRendered(c);
    await screenshot(c, '07-van-ban-da-ban-hanh');

    await recipientToast;
    await p.getByTestId('count-pending_electronic').filter({ hasText: '1' }).waitFor({ timeout: 15_000 });
    await screenshot(p, '08-van-thu-tinh-nhan-truc-tiep');

    // 7. The province clerk sees the signatures checked and accepts it; the sender sees the status.
    await openFromInbox(p, 'pending_electronic', 'Báo cáo kết quả rà soát hộ nghèo');
    await p.getByTestId('signature-panel').locator('.signature.ok').nth(1).waitFor({ timeout: 30_000 });
    await p.getByRole('button', { name: 'Tiếp nhận, vào sổ' }).click();
    await hasStatus(p, 'Đã vào sổ');
    await c.getByTestId('delivery').filter({ hasText: 'Ủy ban nhân dân tỉnh Bắc Ninh' }).getByText(/tiếp nhận/i).first().waitFor({ timeout: 15_000 });

    // The issued reply reached the office inside the commune: the official confirms receipt.
    await openFromInbox(o, 'internal', 'Báo cáo kết quả rà soát hộ nghèo');
    await o.getByRole('button', { name: 'Xác nhận đã nhận' }).click();
    await o.locator('.toast', { hasText: 'Đã xác nhận nhận văn bản.' }).first().waitFor();

    // 8. The official completes the task on the incoming document.
    await openFromInbox(o, 'assigned', 'Về việc rà soát hộ nghèo năm 2026');
    await o.getByRole('button', { name: 'Hoàn thành' }).click();
    await o.getByLabel('Kết quả xử lý').fill('Đã dự thảo và phát hành công văn trả lời');
    await o.getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
    await o.getByText('Kết quả: Đã dự thảo và phát hành công văn trả lời').first().waitFor();

    // 9. Registers: the outgoing book for the year, on screen and exported.
    await c.getByRole('link', { name: 'Sổ văn bản', exact: true }).click();
    await c.getByLabel('Loại sổ').selectOption({ label: 'Sổ đăng ký văn bản đi' });
    await c.getByRole('button', { name: 'Xem sổ' }).click();
    await c.getByRole('cell', { name: '01/UBND-VP' }).waitFor();
    const download = c.waitForEvent('download');
    await c.getByRole('button', { name: 'Xuất CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
    await screenshot(c, '09-so-van-ban-di');

    // The activity report answers what agencies measure: here one document issued, signed digitally.
    await c.getByRole('link', { name: 'Báo cáo', exact: true }).click();
    await c.getByTestId('report').getByRole('row', { name: /Tỷ lệ văn bản đi được ký số/ }).getByText('100 %').waitFor();
    await screenshot(c, '11-bao-cao');

    // 10. Tablet layouts hold: nothing wider than the 768 px screen on the leader's pages.
    for (const path of ['/', '/so-van-ban', '/bao-cao', new URL(draftUrl).pathname]) {
      await l.goto(path);
      await l.locator('main h1').first().waitFor();
      expect(await l.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    }

    for (const t of tabs) expect(t.problems.filter((m) => !/status of 4\d\d/.test(m))).toEqual([]);
  }, 300_000);

  it('signs in by keyboard alone, labels every control and holds its layout at 768 px', async () => {
    const context = await browser.newContext({ baseURL: front.url, viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    try {
      await page.goto('/');
      await page.getByLabel('Tên đăng nhập').waitFor();
      // Wrong password first: the server's Vietnamese message is shown.
      await page.keyboard.type('vanthu.hienvan');
      await page.keyboard.press('Tab');
      await page.keyboard.type('sai-mat-khau');
      await page.keyboard.press('Enter');
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toMatch(/[ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữự]/i);
      await page.getByLabel('Mật khẩu').fill('');
      await page.getByLabel('Mật khẩu').focus();
      await page.keyboard.type(DEMO_PASSWORD);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Việc cần xử lý' }).waitFor();

      // The skip link is the first stop and lands on the main content.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bỏ qua đến nội dung chính');

      // Drag and drop: a PDF is taken and previewed, anything else is refused with a message.
      await page.goto('/van-ban-den/moi');
      const drop = async (name: string, type: string, bytes: number[]) => {
        const transfer = await page.evaluateHandle(([n, t, b]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([new Uint8Array(b as number[])], n as string, { type: t as string }));
          return dt;
        }, [name, type, bytes] as const);
        await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
      };
      await drop('anh-chup.png', 'image/png', [...makePng(4, 4)]);
      await page.getByText('Chỉ nhận tệp PDF.').waitFor();
      await drop('ban-quet.pdf', 'application/pdf', [...(await makeDraftPdf({ pages: 2 }))]);
      await page.getByText('Đã chọn: ban-quet.pdf', { exact: false }).waitFor();
      await page.locator('.pdf-page[data-page="2"] canvas[data-rendered="true"]').waitFor();
      expect(await page.getByLabel('Số trang').inputValue()).toBe('2');

      for (const path of ['/van-ban-den/moi', '/du-thao/moi', '/so-van-ban']) {
        await page.goto(path);
        await page.locator('main h1').first().waitFor();
        await page.locator('main input, main select, main textarea').first().waitFor();
        const unlabelled = await page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLInputElement>('main input, main select, main textarea'))
            .filter((el) => (el.labels?.length ?? 0) === 0 && !el.getAttribute('aria-label'))
            .map((el) => el.outerHTML),
        );
        expect(unlabelled).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
        await screenshot(page, `10-bo-cuc-768${path.replace(/\//g, '-')}`);
      }
    } finally {
      await context.close();
    }
  }, 120_000);

  it('replays, after a reload, the events a user missed while away (Socket.IO `since`)', async () => {
    const clerkApi = await w.as('vanthu.hienvan');
    const leaderApi = await w.as('lanhdao.hienvan');
    const submitPaper = async (subject: string) => {
      const created = await clerkApi.post('/incoming', pdfForm(await makeDraftPdf(), { issuer: 'Sở Nội vụ tỉnh Bắc Ninh', symbol: `${subject.length}/SNV-VP`, docType: 'CV', issuedDate: new Date().toISOString().slice(0, 10), subject, pages: 1 }));
      expect(created.status).toBe(201);
      expect((await clerkApi.post(`/documents/${created.body.id}/submit`, { leaderId: leaderApi.userId })).status).toBe(200);
    };
    const leader = await signIn(browser, front.url, 'lanhdao.hienvan');
    tabs.push(leader);
    const l = leader.page;
    await submitPaper('Về việc tổng kết công tác văn thư');
    await l.locator('.toast', { hasText: 'Về việc tổng kết công tác văn thư' }).waitFor({ timeout: 15_000 });

    await l.goto('about:blank');
    await submitPaper('Về việc kiểm tra lưu trữ cơ quan');
    await l.goto('/');
    await l.locator('.toast', { hasText: /Văn bản mới được trình: \d+\/SNV-VP — Về việc kiểm tra lưu trữ cơ quan/ }).waitFor({ timeout: 15_000 });
    // The event seen before the reload is not shown again.
    expect(await l.locator('.toast', { hasText: 'Về việc tổng kết công tác văn thư' }).count()).toBe(0);
  }, 120_000);
});
