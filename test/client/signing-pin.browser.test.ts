import { pdfForm, ORG } from '../helpers/demo-world';
import { makeDraftPdf } from '../helpers/pdf-fixtures';
import { DEMO_PIN } from '../helpers/signing-setup';
import { screenshot } from './browser';
import { browserWorld } from './browser-world';

/** A leader changes the PIN of the key the server holds for them, from their account page, at 768 px. */
describe('signing PIN change in Chromium', () => {
  const s = browserWorld({ VANBAN_DEMO_PKI: '1' });

  it('refuses a wrong current PIN and a trivial new one, then signs only with the new PIN', async () => {
    const { page } = await s.open('lanhdao.tinh', { width: 768, height: 1000 });
    await page.goto('/tai-khoan');
    const form = page.locator('form', { has: page.getByRole('heading', { name: /Đổi PIN khoá ký số/ }) });
    const fill = async (current: string, next: string, again = next) => {
      await form.getByLabel('PIN hiện tại').fill(current);
      await form.getByLabel(/^PIN mới/).fill(next);
      await form.getByLabel('Nhập lại PIN mới').fill(again);
      await form.getByRole('button', { name: 'Đổi PIN' }).click();
    };
    await fill('000000', '918273');
    await form.getByRole('alert').filter({ hasText: 'Mã PIN không đúng' }).waitFor();
    await fill(DEMO_PIN, '123456');
    await form.getByRole('alert').filter({ hasText: 'quá dễ đoán' }).waitFor();
    await fill(DEMO_PIN, '918273', '918274');
    await form.getByRole('alert').filter({ hasText: 'không khớp' }).waitFor();
    await fill(DEMO_PIN, '918273');
    await page.getByText('Đã đổi PIN của khoá ký số.').waitFor();
    await screenshot(page, '15-doi-pin-768');

    const official = await s.w.as('chuyenvien.tinh');
    const leader = await s.w.as('lanhdao.tinh');
    const name = (await leader.get('/auth/me')).body.fullName;
    const draft = (await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: name }), { docType: 'TB', subject: 'Thông báo ký bằng PIN mới', recipients: [ORG.finance] }))).body;
    await official.post(`/documents/${draft.id}/submit`, { leaderId: leader.userId });
    expect((await leader.post(`/documents/${draft.id}/sign`, { pin: DEMO_PIN })).body.error.code).toBe('WRONG_PIN');
    expect((await leader.post(`/documents/${draft.id}/sign`, { pin: '918273' })).body.status).toBe('signed');
  });
});
