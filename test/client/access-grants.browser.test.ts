import { pdfForm } from '../helpers/demo-world';
import { screenshot } from './browser';
import { browserWorld } from './browser-world';

const meta = {
  issuer: 'Bộ Công an', symbol: '11/BCA-A03', docType: 'CV', issuedDate: '2026-11-20',
  subject: 'Về công tác bảo vệ bí mật nhà nước năm 2027', urgency: 'normal', secrecy: 'mat', pages: 1,
};

/** The clerk lets one official see a secret document, then takes it back; the official's access follows. */
describe('need-to-know grants in Chromium', () => {
  const s = browserWorld();

  it('grants and revokes the right to see a secret document from its page', async () => {
    const clerk = await s.w.as('vanthu.tinh');
    const official = await s.w.as('chuyenvien.tinh');
    const officialName = (await official.get('/auth/me')).body.fullName as string;
    const id = (await clerk.post('/incoming', pdfForm(null, meta))).body.id as string;
    expect((await official.get(`/documents/${id}`)).status).toBe(404);

    const { page } = await s.open('vanthu.tinh', { width: 1366, height: 900 });
    await page.goto(`/van-ban/${id}`);
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Quyền xem văn bản mật' }) });
    await panel.getByText('Chưa cấp quyền xem cho ai.').waitFor();
    await panel.getByRole('button', { name: 'Cấp quyền' }).click();
    await panel.getByRole('alert').filter({ hasText: 'Hãy chọn người' }).waitFor();
    await panel.getByLabel('Cấp quyền xem cho').selectOption({ label: (await panel.getByRole('option', { name: new RegExp(`^${officialName}`) }).textContent())! });
    await panel.getByRole('button', { name: 'Cấp quyền' }).click();
    await panel.getByTestId('access-grants').getByText(officialName).waitFor();
    await screenshot(page, '12-quyen-xem-mat-1366');
    expect((await official.get(`/documents/${id}`)).status).toBe(200);

    await panel.getByRole('button', { name: `Thu hồi quyền xem của ${officialName}` }).click();
    await panel.getByText('Chưa cấp quyền xem cho ai.').waitFor();
    expect((await official.get(`/documents/${id}`)).status).toBe(404);

    // The official never sees the panel: granting is for clerks and leaders who may see it.
    expect((await official.get(`/documents/${id}/access-grants`)).status).toBeGreaterThanOrEqual(403);
  });
});
