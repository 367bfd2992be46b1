import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { ORG, startDemoWorld, type DemoWorld } from '../helpers/demo-world';
import { makeDraftPdf } from '../helpers/pdf-fixtures';
import { ADMIN_PASSWORD } from '../helpers/test-server';
import { vendorPackage } from '../server/exchange/edxml-fixtures';
import { launchChromium, screenshot, signIn, type UserTab } from './browser';
import { CLIENT_DIST, clientFront, type Front } from './front';

const GOV_OFFICE = '000.00.00.G22';

/** The exchange screens in Chromium: external agencies in the picker, a clerk's import, an admin's dead letters. */
describe('exchange screens in Chromium', () => {
  let w: DemoWorld;
  let front: Front;
  let browser: Browser;
  const tabs: UserTab[] = [];

  beforeAll(async () => {
    expect(fs.existsSync(`${CLIENT_DIST}/index.html`)).toBe(true);
    w = await startDemoWorld({ VANBAN_DEMO_PKI: '0' });
    const admin = await w.anon.login('admin', ADMIN_PASSWORD);
    expect((await admin.post('/organizations', { code: GOV_OFFICE, name: 'Văn phòng Chính phủ', abbreviation: 'VPCP', level: 'central', external: true })).status).toBe(201);
    front = await clientFront(w.t.url);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    for (const t of tabs) expect(t.problems).toEqual([]);
    await browser?.close();
    await front?.close();
    await w?.t.stop();
  });

  it('offers external agencies as recipients, marked as reached through the axis', async () => {
    const tab = await signIn(browser, front.url, 'chuyenvien.tinh');
    tabs.push(tab);
    await tab.page.goto('/du-thao/moi');
    await tab.page.getByLabel('Tìm cơ quan theo tên hoặc mã định danh').fill('Văn phòng Chính phủ');
    const option = tab.page.locator('.org-option', { hasText: 'Văn phòng Chính phủ' });
    await option.waitFor();
    await expect(option.textContent()).resolves.toContain('liên thông qua trục (edXML)');
  }, 60_000);

  it('a clerk imports an edXML package and opens the document with its attachments', async () => {
    const tab = await signIn(browser, front.url, 'vanthu.tinh');
    tabs.push(tab);
    const pdf = await makeDraftPdf({ title: 'Cong van VPCP' });
    const xml = vendorPackage({ prefix: 'vpcp', to: ORG.province, attachments: [{ name: 'cong-van.pdf', bytes: pdf }, { name: 'phu-luc.pdf', bytes: pdf }], subject: 'V/v liên thông văn bản điện tử' }).replaceAll('000.00.00.G09', GOV_OFFICE);
    await tab.page.getByRole('link', { name: 'Nhập edXML' }).click();
    await tab.page.getByRole('heading', { name: 'Nhập gói tin edXML' }).waitFor();
    await tab.page.getByRole('button', { name: 'Nhập gói tin' }).click();
    await tab.page.getByRole('alert').filter({ hasText: 'Hãy chọn tệp gói tin edXML' }).waitFor();
    await tab.page.getByLabel('Tệp gói tin').setInputFiles({ name: 'goi-tin.edxml', mimeType: 'application/xml', buffer: Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><x/>') });
    await tab.page.getByRole('button', { name: 'Nhập gói tin' }).click();
    await tab.page.getByRole('alert').filter({ hasText: 'DOCTYPE' }).waitFor();
    // The refused upload is the one failed request expected here.
    expect(tab.problems.splice(0)).toEqual([expect.stringContaining('400')]);
    await tab.page.getByLabel('Tệp gói tin').setInputFiles({ name: 'goi-tin.edxml', mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await tab.page.getByRole('button', { name: 'Nhập gói tin' }).click();
    await tab.page.getByRole('status').filter({ hasText: 'Đã nhận 1 văn bản' }).waitFor();
    await screenshot(tab.page, 'exchange-import');
    await tab.page.getByRole('link', { name: 'mở văn bản 1' }).click();
    await tab.page.getByRole('heading', { level: 1, name: 'V/v liên thông văn bản điện tử' }).waitFor();
    const panel = tab.page.locator('section', { has: tab.page.getByRole('heading', { name: 'Liên thông edXML' }) });
    await panel.getByRole('button', { name: 'phu-luc.pdf' }).waitFor();
    await expect(panel.getByRole('button', { name: 'cong-van.pdf' }).count()).resolves.toBe(1);
  }, 90_000);

  it('an admin sees what could not be sent and puts it back in the queue', async () => {
    // No axis is configured here: the import's status 01 for the sender cannot leave.
    await w.t.vanban.jobs.drain();
    const tab = await signIn(browser, front.url, 'quantri.tinh');
    tabs.push(tab);
    await tab.page.getByRole('link', { name: 'Liên thông gửi lỗi' }).click();
    const row = tab.page.locator('tr', { hasText: 'Trạng thái 01' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Chưa cấu hình kết nối trục liên thông');
    await screenshot(tab.page, 'exchange-dead-letters');
    await row.getByRole('button', { name: 'Gửi lại' }).click();
    await tab.page.getByRole('status').filter({ hasText: 'Đã đưa lại vào hàng đợi gửi.' }).waitFor();
    await tab.page.getByText('Không có gói tin nào gửi lỗi.').waitFor();
  }, 90_000);
});
