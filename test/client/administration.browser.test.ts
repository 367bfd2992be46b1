import type { Browser, Page } from 'playwright-core';
import { startTokenPlugin, type TokenPlugin } from '../../signing/providers/token-plugin';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../helpers/demo-world';
import { makeDraftPdf } from '../helpers/pdf-fixtures';
import { ADMIN_PASSWORD, DEMO_PASSWORD } from '../helpers/test-server';
import { demoPki } from '../signing/ca/fixtures';
import { launchChromium, rowsSettleAt, screenshot, signIn, type UserTab } from './browser';
import { clientFront, type Front } from './front';

const DESKTOP = { width: 1366, height: 900 };
const TABLET = { width: 768, height: 1024 };
const nav = (page: Page) => page.getByRole('navigation', { name: 'Chức năng chính' });
// Each walk signs users in and drives several pages: on the shared test box that takes minutes, not seconds.
jest.setTimeout(240_000);

/**
 * Issue 15 walked in Chromium: each screen by the role that owns it, and shown unreachable to the
 * others (no link, a refusal on the route, 403 from the API); an announcement reaches a unit live
 * and the author's read list updates; a leader signs through the local token plugin.
 */
describe('administration, account, announcements and token signing in the browser', () => {
  let w: DemoWorld;
  let front: Front;
  let browser: Browser;
  let plugin: TokenPlugin;
  const origins: string[] = [];
  const tabs: UserTab[] = [];
  let leaderTab: UserTab;
  let officialTab: UserTab;

  beforeAll(async () => {
    const pki = await demoPki();
    plugin = await startTokenPlugin({ keys: [{ keyPem: pki.leader.keyPem, certPem: pki.leader.certPem, chainPem: pki.leader.chainPem }], allowedOrigins: origins });
    w = await startDemoWorld({ VANBAN_TOKEN_PLUGIN_URL: plugin.url });
    const admin = await w.anon.login('admin', ADMIN_PASSWORD);
    expect((await admin.post('/trust-anchors', { pem: pki.ca.rootCertPem })).status).toBe(201);
    // The token's certificate is registered for the leader: two-phase signing accepts no other.
    const leaderId = (await w.as('lanhdao.tinh')).userId;
    expect((await admin.post(`/users/${leaderId}/registered-certificates`, { pem: pki.leader.certPem })).status).toBe(201);
    front = await clientFront(w.t.url);
    origins.push(front.url);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await front?.close();
    await w?.t.stop();
    await plugin?.close();
  });

  afterEach(() => {
    for (const tab of tabs) expect(tab.problems.filter((p) => !p.includes('status of 4'))).toEqual([]);
  });

  it('the agency admin manages accounts; a clerk cannot reach the screen by link, route or API', async () => {
    const admin = await signIn(browser, front.url, 'quantri.tinh', DESKTOP);
    tabs.push(admin);
    const a = admin.page;
    await nav(a).getByRole('link', { name: 'Quản trị' }).click();
    await a.getByRole('heading', { name: 'Quản trị tài khoản' }).waitFor();
    await a.getByTestId('user-row').filter({ hasText: 'Vũ Thị Mai' }).waitFor();
    // Search narrows the list.
    await a.getByLabel('Tìm theo tên, tên đăng nhập, chức vụ').fill('Phạm Thị');
    await a.locator('#noi-dung').getByRole('button', { name: 'Tìm', exact: true }).click();
    await a.getByTestId('user-row').filter({ hasText: 'Phạm Thị Lan' }).waitFor();
    await rowsSettleAt(a, 'user-row', 1);
    await a.getByLabel('Tìm theo tên, tên đăng nhập, chức vụ').fill('');
    await a.locator('#noi-dung').getByRole('button', { name: 'Tìm', exact: true }).click();

    // A weak password is refused with the policy's Vietnamese message, then the account is created.
    await a.getByLabel(/^Tên đăng nhập/).fill('thuky.tinh');
    await a.getByLabel('Họ và tên', { exact: true }).fill('Lê Thị Thư Ký');
    await a.getByLabel('Chức vụ', { exact: true }).fill('Thư ký');
    await a.getByLabel(/^Đơn vị/).selectOption({ label: 'Văn phòng Ủy ban nhân dân tỉnh' });
    await a.getByLabel('Mật khẩu ban đầu').fill('12345678');
    await a.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await a.getByText('Mật khẩu cần ít nhất 10 ký tự').waitFor();
    await a.getByLabel('Mật khẩu ban đầu').fill('Hoa-phượng-đỏ-26');
    await a.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const row = a.getByTestId('user-row').filter({ hasText: 'Lê Thị Thư Ký' });
    await row.waitFor();
    await screenshot(a, '15-quan-tri-tai-khoan-1366');

    // Lock: the account cannot sign in; unlock restores it.
    await row.getByRole('button', { name: 'Khoá Lê Thị Thư Ký' }).click();
    await row.getByText('Đã khoá').waitFor();
    const locked = await w.anon.post('/auth/login', { username: 'thuky.tinh', password: 'Hoa-phượng-đỏ-26' });
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
    await row.getByRole('button', { name: 'Mở khoá Lê Thị Thư Ký' }).click();
    await row.getByRole('button', { name: 'Khoá Lê Thị Thư Ký' }).waitFor();
    expect((await w.anon.post('/auth/login', { username: 'thuky.tinh', password: 'Hoa-phượng-đỏ-26' })).status).toBe(200);

    // Reset: the user must choose a new password before anything else.
    await row.getByRole('button', { name: 'Đặt lại mật khẩu Lê Thị Thư Ký' }).click();
    await row.getByLabel('Mật khẩu tạm').fill('Tạm-thời-cấp-lại-1');
    await row.getByRole('button', { name: 'Lưu', exact: true }).click();
    await row.getByText('Chờ đổi mật khẩu').waitFor();

    // The clerk, on a tablet: no link, a refusal on the route, 403 from the API.
    const clerk = await signIn(browser, front.url, 'vanthu.tinh', TABLET);
    tabs.push(clerk);
    const c = clerk.page;
    expect(await nav(c).getByRole('link', { name: 'Quản trị' }).count()).toBe(0);
    await c.goto('/quan-tri/tai-khoan');
    await c.getByRole('heading', { name: 'Không có quyền truy cập' }).waitFor();
    const clerkApi = await w.as('vanthu.tinh');
    expect((await clerkApi.get(`/users?org=${ORG.province}`)).status).toBe(403);
    expect((await clerkApi.post(`/users/${(await w.as('chuyenvien.tinh')).userId}/lock`, {})).status).toBe(403);
    await screenshot(c, '15-van-thu-khong-co-quyen-768');
  });

  it('a leader posts an announcement to a unit: its member gets it live, the author watches the read list', async () => {
    const leader = await signIn(browser, front.url, 'lanhdao.tinh', DESKTOP);
    const official = await signIn(browser, front.url, 'chuyenvien.tinh', TABLET);
    tabs.push(leader, official);
    leaderTab = leader;
    officialTab = official;
    const l = leader.page;
    const o = official.page;
    await nav(o).getByRole('link', { name: 'Thông báo' }).click();
    await o.getByRole('heading', { name: 'Thông báo nội bộ' }).waitFor();
    expect(await o.getByRole('button', { name: 'Đăng thông báo' }).count()).toBe(0);

    await nav(l).getByRole('link', { name: 'Thông báo' }).click();
    await l.getByRole('button', { name: 'Đăng thông báo' }).click();
    await l.getByLabel('Tiêu đề').fill('Họp giao ban phòng Khoa giáo');
    await l.getByLabel('Nội dung').fill('Họp lúc 14 giờ thứ Sáu tại phòng họp tầng 3.');
    await l.getByLabel('Phòng Khoa giáo - Văn xã').check();
    await l.getByLabel(/Tệp đính kèm/).setInputFiles({ name: 'Chương trình họp.pdf', mimeType: 'application/pdf', buffer: await makeDraftPdf() });
    await l.getByRole('button', { name: 'Đăng thông báo' }).click();
    await l.getByTestId('read-count').filter({ hasText: '0/1' }).waitFor();
    await screenshot(l, '15-dang-thong-bao-1366');

    // Live: the official's list updates through the socket, unread.
    const item = o.getByTestId('announcement-row').filter({ hasText: 'Họp giao ban phòng Khoa giáo' });
    await item.getByText('Chưa đọc').waitFor({ timeout: 15_000 });
    await item.getByRole('button', { name: 'Họp giao ban phòng Khoa giáo' }).click();
    await o.getByText('Họp lúc 14 giờ thứ Sáu tại phòng họp tầng 3.').waitFor();
    await o.getByRole('button', { name: 'Chương trình họp.pdf' }).waitFor();
    await screenshot(o, '15-doc-thong-bao-768');
    // The author's read list updates on its own.
    await l.getByTestId('read-count').filter({ hasText: '1/1' }).waitFor({ timeout: 15_000 });
    await l.getByTestId('reader-row').filter({ hasText: 'Vũ Thị Mai' }).waitFor();
    // The clerk (another unit) never sees it.
    expect((await (await w.as('vanthu.tinh')).get('/announcements')).body.total).toBe(0);
  });

  it('a leader signs with the USB token through the local plugin, then sees it in the signing list', async () => {
    const officialApi = await w.as('chuyenvien.tinh');
    const leaderApi = await w.as('lanhdao.tinh');
    const draft = (await officialApi.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: 'Đỗ Quang Huy' }), { docType: 'CV', subject: 'Ký bằng USB token trên trình duyệt', recipients: [ORG.finance] }))).body;
    expect((await officialApi.post(`/documents/${draft.id}/submit`, { leaderId: leaderApi.userId })).status).toBe(200);

    const l = leaderTab.page;
    await l.goto(`/van-ban/${draft.id}`);
    await l.getByRole('button', { name: 'Ký số' }).click();
    await l.getByRole('button', { name: 'Ký bằng USB token' }).click();
    await l.getByTestId('doc-status').filter({ hasText: /^Lãnh đạo đã ký$/ }).waitFor({ timeout: 30_000 });
    expect(plugin.signatures).toBe(1);
    const report = (await leaderApi.get(`/documents/${draft.id}/signatures`)).body;
    expect(report.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'trusted' });

    await nav(l).getByRole('link', { name: 'Ký số' }).click();
    await l.getByTestId('signing-row').filter({ hasText: 'Ký bằng USB token trên trình duyệt' }).filter({ hasText: 'Đã ký' }).waitFor();
    await screenshot(l, '15-danh-sach-ky-so-1366');
    // An official has no signing list.
    expect(await nav(officialTab.page).getByRole('link', { name: 'Ký số' }).count()).toBe(0);
  });

  it('the personal account: a weak password is refused, a strong one accepted, then log out everywhere', async () => {
    const tab = await signIn(browser, front.url, 'chuyenvien.stc', TABLET);
    tabs.push(tab);
    const p = tab.page;
    await nav(p).getByRole('link', { name: 'Tài khoản' }).click();
    await p.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
    await p.getByLabel('Mật khẩu hiện tại').fill(DEMO_PASSWORD);
    await p.getByLabel(/^Mật khẩu mới/).fill('aaaaaaaaaaaa');
    await p.getByLabel('Nhập lại mật khẩu mới').fill('aaaaaaaaaaaa');
    await p.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await p.getByText(/Mật khẩu quá đơn giản/).waitFor();
    await p.getByLabel(/^Mật khẩu mới/).fill('Lúa-chín-vàng-đồng');
    await p.getByLabel('Nhập lại mật khẩu mới').fill('Lúa-chín-vàng-đồng');
    await p.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await p.getByText('Đã đổi mật khẩu.').waitFor();
    await p.getByTestId('session-row').filter({ hasText: '(máy này)' }).waitFor();
    await screenshot(p, '15-tai-khoan-768');
    p.once('dialog', (d) => void d.accept());
    await p.getByRole('button', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
    await p.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect((await w.anon.post('/auth/login', { username: 'chuyenvien.stc', password: 'Lúa-chín-vàng-đồng' })).status).toBe(200);
  });
});
