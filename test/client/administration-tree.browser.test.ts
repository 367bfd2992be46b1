import type { Browser, Page } from 'playwright-core';
import { ORG, startDemoWorld, type DemoWorld } from '../helpers/demo-world';
import { ADMIN_PASSWORD } from '../helpers/test-server';
import { launchChromium, rowsSettleAt, screenshot, signIn, type UserTab } from './browser';
import { clientFront, type Front } from './front';

const DESKTOP = { width: 1366, height: 900 };
const TABLET = { width: 768, height: 1024 };
const nav = (page: Page) => page.getByRole('navigation', { name: 'Chức năng chính' });
const tabs = (page: Page) => page.getByRole('navigation', { name: 'Quản trị' });
jest.setTimeout(240_000);

/**
 * Issue 15, second part, in Chromium: the system administrator keeps the tree (move under the 2025
 * reform, merge, code list import); the agency administrator keeps positions, catalogues, accounts
 * (position, unit, signing on behalf) and sees the registers' numbers; a clerk reaches none of it.
 */
describe('tree, catalogues and registers administration in the browser', () => {
  let w: DemoWorld;
  let front: Front;
  let browser: Browser;
  const open: UserTab[] = [];

  beforeAll(async () => {
    w = await startDemoWorld();
    front = await clientFront(w.t.url);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await front?.close();
    await w?.t.stop();
  });

  afterEach(() => {
    for (const tab of open) expect(tab.problems.filter((p) => !p.includes('status of 4'))).toEqual([]);
  });

  /** The system administrator (own password, not the demo one) at 1366 px. */
  const signInAdmin = async () => {
    const context = await browser.newContext({ baseURL: front.url, viewport: DESKTOP, locale: 'vi-VN' });
    const a = await context.newPage();
    const problems: string[] = [];
    a.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    open.push({ context, page: a, problems });
    await a.goto('/');
    await a.getByLabel('Tên đăng nhập').fill('admin');
    await a.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await a.getByRole('button', { name: 'Đăng nhập' }).click();
    return { a, problems };
  };

  it('the system administrator moves a commune under the province, merges two communes and imports the code list (1366 px)', async () => {
    const { a, problems } = await signInAdmin();
    await nav(a).getByRole('link', { name: 'Quản trị' }).click();
    await tabs(a).getByRole('link', { name: 'Cây cơ quan' }).click();
    await a.getByRole('heading', { name: 'Quản trị cây cơ quan' }).waitFor();

    // Search narrows the paged list.
    await a.getByLabel('Tìm theo tên, mã, mã cũ').fill('Hiên Vân');
    await a.locator('#noi-dung').getByRole('button', { name: 'Tìm', exact: true }).click();
    const hienVan = a.getByTestId('org-row').filter({ hasText: ORG.communeHienVan });
    await hienVan.filter({ hasText: 'Ủy ban nhân dân huyện Tiên Du' }).waitFor();
    await rowsSettleAt(a, 'org-row', 1);

    // A refused move shows the level rule; the commune then moves under the province.
    await hienVan.getByRole('button', { name: 'Chuyển Ủy ban nhân dân xã Hiên Vân' }).click();
    await hienVan.getByLabel(/Mã cơ quan cấp trên mới/).fill(ORG.communeDaiDong);
    await hienVan.getByRole('button', { name: 'Thực hiện' }).click();
    await hienVan.getByText(/cấp Xã không thể trực thuộc cơ quan cấp Xã/).waitFor();
    await hienVan.getByLabel(/Mã cơ quan cấp trên mới/).fill(ORG.province);
    await hienVan.getByRole('button', { name: 'Thực hiện' }).click();
    await hienVan.filter({ hasText: 'Ủy ban nhân dân tỉnh Bắc Ninh' }).waitFor();
    expect((await (await w.anon.login('admin', ADMIN_PASSWORD)).get(`/organizations/${ORG.communeHienVan}`)).body.parentCode).toBe(ORG.province);

    // Merge Xuân Lai into Hiên Vân.
    await a.getByLabel('Tìm theo tên, mã, mã cũ').fill('Xuân Lai');
    await a.locator('#noi-dung').getByRole('button', { name: 'Tìm', exact: true }).click();
    const xuanLai = a.getByTestId('org-row').filter({ hasText: ORG.communeXuanLai });
    await xuanLai.getByRole('button', { name: 'Sáp nhập Ủy ban nhân dân xã Xuân Lai' }).click();
    await xuanLai.getByLabel(/Sáp nhập vào cơ quan/).fill(ORG.communeHienVan);
    a.once('dialog', (d) => void d.accept());
    await xuanLai.getByRole('button', { name: 'Thực hiện' }).click();
    await a.getByText(/Đã sáp nhập Ủy ban nhân dân xã Xuân Lai vào 000\.21\.32\.H06; 3 tài khoản/).waitFor();
    // The old code now finds the survivor.
    await a.getByLabel('Tìm theo tên, mã, mã cũ').fill(ORG.communeXuanLai);
    await a.locator('#noi-dung').getByRole('button', { name: 'Tìm', exact: true }).click();
    await a.getByTestId('org-row').filter({ hasText: ORG.communeHienVan }).waitFor();

    // The national code list: one new, one error reported by line.
    await a.getByLabel('Tệp danh mục (.json, .csv)').setInputFiles({
      name: 'danh-muc-ma.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['code,name,level,parentCode', `H06.XA.021,Ủy ban nhân dân xã Phật Tích,Xã,${ORG.province}`, 'SAI,Sai mã,Xã,'].join('\n')),
    });
    await a.getByRole('button', { name: 'Nhập danh mục' }).click();
    const report = a.getByTestId('import-report');
    await report.getByText(/Tạo mới\s*1/).waitFor();
    await report.getByTestId('import-error').filter({ hasText: 'SAI' }).filter({ hasText: /không đúng định dạng/ }).waitFor();
    await a.getByTestId('org-tree').getByText(/Ủy ban nhân dân xã Phật Tích \(H06\.XA\.021\)/).waitFor({ state: 'attached' });
    await screenshot(a, '15-cay-co-quan-1366');
    expect(problems).toEqual([]);
  });

  it('the agency administrator keeps positions, catalogues, a deputy who signs for the head, and sees register numbers (768 px)', async () => {
    const tab = await signIn(browser, front.url, 'quantri.tinh', TABLET);
    open.push(tab);
    const p = tab.page;
    await nav(p).getByRole('link', { name: 'Quản trị' }).click();
    expect(await tabs(p).getByRole('link', { name: 'Cây cơ quan' }).count()).toBe(0);
    await tabs(p).getByRole('link', { name: 'Chức vụ, loại văn bản, lĩnh vực' }).click();
    await p.getByRole('heading', { name: 'Danh mục của cơ quan' }).waitFor();
    await p.getByLabel('Tên chức vụ').fill('Phó Chủ tịch UBND tỉnh');
    await p.getByLabel('Thứ tự hiển thị').fill('20');
    await p.getByRole('button', { name: 'Thêm chức vụ' }).click();
    await p.getByTestId('position-row').filter({ hasText: 'Phó Chủ tịch UBND tỉnh' }).waitFor();
    await p.getByRole('combobox', { name: /^Loại văn bản/ }).selectOption('QĐ');
    await p.getByRole('button', { name: 'Thêm loại văn bản' }).click();
    await p.getByTestId('doc_type-row').filter({ hasText: 'Quyết định' }).waitFor();
    await p.getByLabel('Mã lĩnh vực').fill('TC');
    await p.getByLabel('Tên lĩnh vực').fill('Tài chính - Ngân sách');
    await p.getByRole('button', { name: 'Thêm lĩnh vực' }).click();
    const area = p.getByTestId('subject_area-row').filter({ hasText: 'Tài chính - Ngân sách' });
    await area.getByRole('button', { name: 'Ngừng dùng Tài chính - Ngân sách' }).click();
    await area.getByText('Ngừng dùng', { exact: true }).waitFor();
    await screenshot(p, '15-danh-muc-768');

    // The official becomes a deputy leader who signs "KT." for the chairman.
    await tabs(p).getByRole('link', { name: 'Tài khoản' }).click();
    const row = p.getByTestId('user-row').filter({ hasText: 'Vũ Thị Mai' });
    await row.getByRole('button', { name: 'Sửa Vũ Thị Mai' }).click();
    const edit = p.getByRole('form', { name: 'Sửa tài khoản Vũ Thị Mai' });
    await edit.getByLabel('Chức vụ').fill('Phó Chủ tịch UBND tỉnh');
    await edit.getByLabel('Đơn vị công tác').selectOption({ label: 'Văn phòng Ủy ban nhân dân tỉnh' });
    await edit.getByLabel('Lãnh đạo').check();
    await edit.getByLabel('Ký thay cho').selectOption({ label: 'Đỗ Quang Huy — Chủ tịch UBND tỉnh' });
    await edit.getByLabel('Hình thức ký').selectOption('KT');
    await edit.getByRole('button', { name: 'Lưu tài khoản' }).click();
    await row.getByTestId('signs-for').filter({ hasText: 'KT. Đỗ Quang Huy' }).waitFor();
    await row.getByText('Văn phòng Ủy ban nhân dân tỉnh').waitFor();
    const me = (await (await w.as('chuyenvien.tinh')).get('/auth/me')).body;
    expect(me).toMatchObject({ position: 'Phó Chủ tịch UBND tỉnh', roles: expect.arrayContaining(['leader']) });

    await tabs(p).getByRole('link', { name: 'Sổ và số văn bản' }).click();
    await p.getByTestId('register-row').first().waitFor();
    expect(await p.getByTestId('register-row').count()).toBeGreaterThanOrEqual(2);
    await screenshot(p, '15-so-van-ban-768');
  });

  it('a clerk reaches none of it: no link, a refusal on each route, 403 from the API (1366 px)', async () => {
    const tab = await signIn(browser, front.url, 'vanthu.tinh', DESKTOP);
    open.push(tab);
    const c = tab.page;
    expect(await nav(c).getByRole('link', { name: 'Quản trị' }).count()).toBe(0);
    for (const route of ['/quan-tri/cay-co-quan', '/quan-tri/danh-muc', '/quan-tri/so-van-ban']) {
      await c.goto(route);
      await c.getByRole('heading', { name: 'Không có quyền truy cập' }).waitFor();
    }
    // The new draft form offers only the agency's document types in use.
    await c.goto('/du-thao/moi');
    await c.getByLabel('Loại văn bản').locator('option', { hasText: 'Quyết định' }).waitFor({ state: 'attached' });
    // The form first offers every type, then only the agency's once its catalogue has loaded.
    await c.getByLabel('Loại văn bản').locator('option').nth(1).waitFor({ state: 'detached' });
    expect(await c.getByLabel('Loại văn bản').locator('option').count()).toBe(1);
    const api = await w.as('vanthu.tinh');
    expect((await api.get('/organizations/page')).status).toBe(403);
    expect((await api.get('/registers/numbering')).status).toBe(403);
    expect((await api.post(`/organizations/${ORG.province}/positions`, { name: 'Thư ký' })).status).toBe(403);
    expect((await api.post(`/organizations/${ORG.province}/catalog`, { kind: 'subject_area', code: 'GD', name: 'Giáo dục' })).status).toBe(403);
    expect((await (await w.as('quantri.tinh')).get('/organizations/page')).status).toBe(403);
    await screenshot(c, '15-van-thu-khong-quan-tri-1366');
  });

  it('the system administrator renames an agency from the tree (history kept); the agency administrator renames a unit (1366 / 768 px)', async () => {
    const { a, problems } = await signInAdmin();
    await nav(a).getByRole('link', { name: 'Quản trị' }).click();
    await tabs(a).getByRole('link', { name: 'Cây cơ quan' }).click();
    await a.getByLabel('Tìm theo tên, mã, mã cũ').fill('Đại Đồng');
    await a.locator('#noi-dung').getByRole('button', { name: 'Tìm', exact: true }).click();
    const row = a.getByTestId('org-row').filter({ hasText: ORG.communeDaiDong });
    await rowsSettleAt(a, 'org-row', 1);
    await row.getByRole('button', { name: 'Đổi tên Ủy ban nhân dân xã Đại Đồng' }).click();
    const form = row.getByRole('form', { name: 'Đổi tên Ủy ban nhân dân xã Đại Đồng' });
    await form.getByLabel('Tên mới').fill('Ủy ban nhân dân phường Đại Đồng');
    await form.getByRole('button', { name: 'Lưu tên mới' }).click();
    await a.getByText('Đã đổi tên Ủy ban nhân dân xã Đại Đồng thành Ủy ban nhân dân phường Đại Đồng; tên cũ giữ trong lịch sử.').waitFor();
    await row.filter({ hasText: 'Ủy ban nhân dân phường Đại Đồng' }).waitFor();
    // The former name still finds it.
    await a.getByLabel('Tìm theo tên, mã, mã cũ').fill('xã Đại Đồng');
    await a.locator('#noi-dung').getByRole('button', { name: 'Tìm', exact: true }).click();
    await a.getByTestId('org-row').filter({ hasText: 'Ủy ban nhân dân phường Đại Đồng' }).waitFor();
    // The agency's history lists the former name (and, for Hiên Vân, the commune merged into it earlier).
    await tabs(a).getByRole('link', { name: 'Cơ quan, đơn vị, chứng thư số' }).click();
    await a.getByLabel('Mã cơ quan').fill(ORG.communeDaiDong);
    await a.getByLabel('Mã cơ quan').blur();
    await a.getByTestId('org-history').getByText(/^Tên trước khi đổi: Ủy ban nhân dân xã Đại Đồng \(UBND\) — mã H06\.XA\.001/).waitFor();
    await screenshot(a, '15-doi-ten-co-quan-1366');
    const audit = await w.t.vanban.db('audit_events').where({ action: 'organization.rename' }).first();
    expect(audit.summary).toMatch(/^Đổi tên Ủy ban nhân dân xã Đại Đồng \(UBND\) thành Ủy ban nhân dân phường Đại Đồng/);
    expect(problems).toEqual([]);

    // The agency administrator renames one of their units on a tablet.
    const tab = await signIn(browser, front.url, 'quantri.tinh', TABLET);
    open.push(tab);
    const p = tab.page;
    await nav(p).getByRole('link', { name: 'Quản trị' }).click();
    expect(await tabs(p).getByRole('link', { name: 'Cây cơ quan' }).count()).toBe(0);
    await tabs(p).getByRole('link', { name: 'Cơ quan, đơn vị, chứng thư số' }).click();
    const unit = p.getByTestId('unit-item').filter({ hasText: 'Phòng Khoa giáo - Văn xã (KGVX)' });
    await unit.getByRole('button', { name: 'Sửa đơn vị Phòng Khoa giáo - Văn xã' }).click();
    const unitForm = unit.getByRole('form', { name: 'Sửa đơn vị Phòng Khoa giáo - Văn xã' });
    await unitForm.getByLabel('Chữ viết tắt').fill('VP');
    await unitForm.getByRole('button', { name: 'Lưu đơn vị' }).click();
    await unit.getByText('Đơn vị viết tắt VP đã có trong cơ quan').waitFor();
    await unitForm.getByLabel('Tên đơn vị').fill('Phòng Văn hóa - Xã hội');
    await unitForm.getByLabel('Chữ viết tắt').fill('vhxh');
    await unitForm.getByRole('button', { name: 'Lưu đơn vị' }).click();
    await p.getByTestId('unit-item').filter({ hasText: 'Phòng Văn hóa - Xã hội (VHXH)' }).waitFor();
    expect(await p.getByTestId('unit-item').filter({ hasText: 'Khoa giáo' }).count()).toBe(0);
    await screenshot(p, '15-doi-ten-don-vi-768');
    expect((await w.t.vanban.db('audit_events').where({ action: 'unit.update' }).first()).summary).toBe('Đổi tên đơn vị Phòng Khoa giáo - Văn xã (KGVX) thành Phòng Văn hóa - Xã hội (VHXH)');
    // Not by the API either for someone who is not the agency's administrator.
    const clerk = await w.as('vanthu.tinh');
    expect((await clerk.post(`/organizations/${ORG.province}/rename`, { name: 'Tên khác' })).status).toBe(403);
  });
});
