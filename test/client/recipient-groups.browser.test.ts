import { seedManyCommunes } from '../../server/seed/seed-many-communes';
import { ORG, pdfForm } from '../helpers/demo-world';
import { makeDraftPdf } from '../helpers/pdf-fixtures';
import { DEMO_PIN } from '../helpers/signing-setup';
import { DEMO_PASSWORD } from '../helpers/test-server';
import { screenshot } from './browser';
import { browserWorld } from './browser-world';

const COMMUNES = 300;

/**
 * The provincial clerk issues to every commune of the province with one click in the recipient
 * picker, watches the copies go out, and finds the deliveries summarised by status.
 */
describe('issuing to a whole level in Chromium', () => {
  const s = browserWorld({ VANBAN_DEMO_PKI: '1' }, async (w) => {
    await seedManyCommunes(w.t.database.db, { parentCode: ORG.province, count: COMMUNES, codePrefix: 'H06.TT', usernamePrefix: 'vanthu.tt', password: DEMO_PASSWORD, kdfLogN: 10 });
  });

  /** A draft to the finance department, signed by the provincial leader; its id. */
  async function signedDraft(subject: string, docType: string): Promise<string> {
    const official = await s.w.as('chuyenvien.tinh');
    const leader = await s.w.as('lanhdao.tinh');
    const leaderName = (await leader.get('/auth/me')).body.fullName;
    const draft = await official.post('/outgoing', pdfForm(await makeDraftPdf({ withFields: true, signerName: leaderName, title: subject }), { docType, subject, recipients: [ORG.finance] }));
    expect(draft.status).toBe(201);
    await official.post(`/documents/${draft.body.id}/submit`, { leaderId: leader.userId });
    expect((await leader.post(`/documents/${draft.body.id}/sign`, { pin: DEMO_PIN })).status).toBe(200);
    return draft.body.id as string;
  }

  it('selects all communes of the province at once and shows progress while the copies go out', async () => {
    const subject = 'CHỈ THỊ gửi toàn bộ xã trong tỉnh';
    const id = await signedDraft(subject, 'CT');

    const tab = await s.open('vanthu.tinh');
    const page = tab.page;
    await page.goto(`/van-ban/${id}`);
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    await page.getByRole('button', { name: 'Cấp số và phát hành' }).click();

    // Every commune below the province, at any depth (under districts too), in one click; the draft's department stays.
    const groups = page.getByRole('group', { name: 'Chọn cả nhóm' });
    const allCommunes = groups.getByRole('button', { name: /^Toàn bộ xã, phường, thị trấn trực thuộc \(\d+\)$/ });
    const label = (await allCommunes.textContent())!;
    const total = Number(/\((\d+)\)/.exec(label)![1]);
    expect(total).toBeGreaterThanOrEqual(COMMUNES);
    await allCommunes.click();
    await page.getByText(new RegExp(`^Đã chọn ${total + 1} nơi nhận`)).waitFor();
    await page.getByRole('button', { name: `và ${total + 1 - 30} nơi khác — xem tất cả` }).waitFor();
    await groups.getByRole('button', { name: /^Bỏ Toàn bộ xã, phường, thị trấn trực thuộc/ }).waitFor();
    await screenshot(page, 'issue-whole-level-picker');

    // Progress is recorded as it is shown, whatever the speed of the server.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const text = document.querySelector('.delivery-progress')?.textContent;
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: `Phát hành đến ${total + 1} nơi nhận` }).click();
    await page.getByTestId('doc-status').filter({ hasText: /^Đã ban hành$/ }).waitFor({ timeout: 60_000 });
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen[0]).toMatch(new RegExp(`^Đang gửi: đã đến \\d+/${total + 1} nơi nhận$`));

    // The deliveries: summarised by status, each one listed on request.
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Tình trạng gửi, nhận' }) });
    await panel.getByText(`Xem từng nơi nhận (${total + 1})`).waitFor({ timeout: 60_000 });
    await panel.getByRole('list', { name: 'Tổng hợp theo tình trạng' }).getByText(`${total + 1} nơi nhận`).waitFor();
    await screenshot(page, 'issue-whole-level-delivered');
    const [{ n }] = await s.w.t.database.db('deliveries').where({ document_id: id }).count({ n: '*' });
    // PostgreSQL answers a bigint count as text, PGlite as a number.
    expect(Number(n)).toBe(total + 1);
    expect(tab.problems).toEqual([]);
  }, 300_000);

  it('finishes an issue that stopped after numbering with its number and recipients, offering no picker', async () => {
    const subject = 'THÔNG BÁO phát hành bị gián đoạn';
    const id = await signedDraft(subject, 'TB');
    // The request dies while sealing: the number is taken, the seal and the copies are not.
    const signing = s.w.t.vanban.workflow.signing;
    const real = signing.sealAndVerify;
    signing.sealAndVerify = async () => {
      signing.sealAndVerify = real;
      throw new Error('simulated crash while sealing');
    };
    const clerk = await s.w.as('vanthu.tinh');
    expect((await clerk.post(`/documents/${id}/issue`, { recipients: [ORG.finance] })).status).toBe(500);
    const numbered = (await clerk.get(`/documents/${id}`)).body.document;
    expect(numbered.status).toBe('issuing');

    const tab = await s.open('vanthu.tinh');
    const page = tab.page;
    await page.goto(`/van-ban/${id}`);
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    await page.getByText(`Văn bản đã được cấp số ${numbered.symbol} nhưng chưa đóng dấu và gửi xong.`, { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Hoàn tất phát hành' }).click();
    expect(await page.getByRole('group', { name: 'Chọn cả nhóm' }).count()).toBe(0);
    expect(await page.getByText('Nơi nhận (văn thư chốt trước khi phát hành)').count()).toBe(0);
    await page.getByRole('button', { name: 'Hoàn tất phát hành đến 1 nơi nhận' }).click();
    await page.getByTestId('doc-status').filter({ hasText: /^Đã ban hành$/ }).waitFor({ timeout: 60_000 });
    const issued = (await clerk.get(`/documents/${id}`)).body.document;
    expect([issued.symbol, issued.recipients]).toEqual([numbered.symbol, [ORG.finance]]);
    expect(tab.problems).toEqual([]);
  }, 300_000);
});
