import type { Browser } from 'playwright-core';
import { ORG, pdfForm, startDemoWorld, type DemoWorld } from '../helpers/demo-world';
import { makeDraftPdf } from '../helpers/pdf-fixtures';
import { clientFront, type Front } from './front';
import { launchChromium, screenshot, signIn } from './browser';

/** The star and private note on the document page, at 1366 and 768 px. */
describe('bookmark on the document page', () => {
  let w: DemoWorld;
  let front: Front;
  let browser: Browser;
  let docId = '';

  beforeAll(async () => {
    w = await startDemoWorld();
    const clerk = await w.as('vanthu.hienvan');
    const res = await clerk.post('/incoming', pdfForm(await makeDraftPdf({ title: 'CÔNG VĂN' }), {
      issuer: 'Ủy ban nhân dân huyện Tiên Du', issuerCode: ORG.districtTienDu, symbol: '77/UBND-VP', docType: 'CV', issuedDate: '2026-11-16',
      subject: 'Công văn về việc kiểm kê tài sản công', urgency: 'normal', secrecy: 'normal', pages: 1,
    }));
    expect(res.status).toBe(201);
    docId = res.body.id;
    front = await clientFront(w.t.url);
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await front?.close();
    await w?.t.stop();
  });

  it('stars a document with a private note at 1366 px; the note survives a reload and stays private', async () => {
    const { page: p, problems, context } = await signIn(browser, front.url, 'vanthu.hienvan', { width: 1366, height: 900 });
    await p.goto(`/van-ban/${docId}`);
    const star = p.getByRole('button', { name: '☆ Đánh dấu' });
    await star.click();
    await p.getByRole('button', { name: '★ Đã đánh dấu', pressed: true }).waitFor();
    await p.getByLabel('Ghi chú riêng (chỉ mình tôi thấy)').fill('Nhắc kiểm tra trước ngày 20');
    await p.getByRole('button', { name: 'Lưu ghi chú' }).click();
    await p.getByText('Đã lưu ghi chú.').waitFor();
    await p.reload();
    await p.getByRole('button', { name: '★ Đã đánh dấu', pressed: true }).waitFor();
    expect(await p.getByLabel('Ghi chú riêng (chỉ mình tôi thấy)').inputValue()).toBe('Nhắc kiểm tra trước ngày 20');
    await screenshot(p, '16-danh-dau-van-ban-1366');
    // The API agrees; another user of the same agency does not see this star or note.
    const clerk = await w.as('vanthu.hienvan');
    expect((await clerk.get(`/documents/${docId}/bookmark`)).body).toEqual({ starred: true, note: 'Nhắc kiểm tra trước ngày 20' });
    const leader = await w.as('lanhdao.hienvan');
    expect((await leader.get(`/documents/${docId}/bookmark`)).body).toEqual({ starred: false, note: null });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('unstars it at 768 px', async () => {
    const { page: p, problems, context } = await signIn(browser, front.url, 'vanthu.hienvan', { width: 768, height: 1024 });
    await p.goto(`/van-ban/${docId}`);
    await p.getByRole('button', { name: '★ Đã đánh dấu', pressed: true }).click();
    await p.getByRole('button', { name: '☆ Đánh dấu', pressed: false }).waitFor();
    expect(await p.getByLabel('Ghi chú riêng (chỉ mình tôi thấy)').count()).toBe(0);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    const clerk = await w.as('vanthu.hienvan');
    expect((await clerk.get(`/documents/${docId}/bookmark`)).body).toEqual({ starred: false, note: null });
    expect(problems).toEqual([]);
    await context.close();
  });
});
