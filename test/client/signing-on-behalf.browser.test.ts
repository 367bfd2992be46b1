import { pdfForm } from '../helpers/demo-world';
import { makeDraftPdf } from '../helpers/pdf-fixtures';
import { equipForSigning, LEADER_PIN } from '../helpers/signing-setup';
import { ORG } from '../helpers/demo-world';
import { screenshot } from './browser';
import { browserWorld } from './browser-world';

/** A deputy signs "KT. CHỦ TỊCH" from the draft's page (768 px): the page shows the block as Decree 30 prints it. */
describe('signing on behalf in Chromium', () => {
  const s = browserWorld({}, async (w) => {
    const admin = await w.as('quantri.tinh');
    const head = await w.as('lanhdao.tinh');
    const deputy = await w.as('chuyenvien.tinh');
    await admin.post(`/users/${head.userId}`, { position: 'Chủ tịch' });
    await admin.post(`/users/${deputy.userId}`, { roles: ['official', 'leader'], position: 'Phó Chủ tịch', signsFor: { userId: head.userId, capacity: 'KT' } });
    await equipForSigning(w, [{ leader: 'chuyenvien.tinh', orgCode: ORG.province }]);
  });

  it('signs with the PIN; "Người ký" reads KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / the name', async () => {
    const clerk = await s.w.as('vanthu.tinh');
    const deputy = await s.w.as('chuyenvien.tinh');
    const draft = (await clerk.post('/outgoing', pdfForm(await makeDraftPdf({ signerName: '', position: '' }), { docType: 'TB', subject: 'Thông báo Phó Chủ tịch ký thay', recipients: [] }))).body;
    await clerk.post(`/documents/${draft.id}/submit`, { leaderId: deputy.userId });

    const { page, problems } = await s.open('chuyenvien.tinh', { width: 768, height: 1024 });
    await page.goto(`/van-ban/${draft.id}`);
    await page.getByRole('heading', { level: 1, name: 'Thông báo Phó Chủ tịch ký thay' }).waitFor();
    await page.getByRole('button', { name: 'Ký số', exact: true }).first().click();
    await page.getByLabel('Mã PIN chữ ký số').fill(LEADER_PIN);
    await page.locator('.sign-form').getByRole('button', { name: 'Ký số' }).click();
    const signer = page.locator('.meta').locator('div', { has: page.getByText('Người ký', { exact: true }) }).locator('dd');
    await signer.waitFor();
    expect((await signer.locator('span span').allTextContents())).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Vũ Thị Mai']);
    await screenshot(page, '15-ky-thay-768');
    expect(problems.filter((m) => !/status of 4\d\d/.test(m))).toEqual([]);
  });
});
