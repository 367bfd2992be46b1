import { ORG, pdfForm } from '../helpers/demo-world';
import { makeDraftPdf } from '../helpers/pdf-fixtures';
import { ADMIN_PASSWORD } from '../helpers/test-server';
import { screenshot } from './browser';
import { browserWorld } from './browser-world';

/** After a merge (768 px): the survivor's clerk finds the absorbed commune's document, marked as its, and reads it without actions. */
describe('an absorbed agency\'s documents in the survivor\'s browser', () => {
  const s = browserWorld({}, async (w) => {
    const clerk = await w.as('vanthu.xuanlai');
    const meta = { issuer: 'Ủy ban nhân dân huyện Gia Bình', symbol: '41/UBND-NN', docType: 'CV', issuedDate: '2026-11-20', subject: 'Về việc nạo vét kênh mương nội đồng', urgency: 'normal', secrecy: 'normal', pages: 1 };
    const res = await clerk.post('/incoming', pdfForm(await makeDraftPdf(), meta));
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    const admin = await w.anon.login('admin', ADMIN_PASSWORD);
    const merged = await admin.post(`/organizations/${ORG.communeXuanLai}/merge`, { intoCode: ORG.communeHienVan });
    if (merged.status !== 200) throw new Error(JSON.stringify(merged.body));
  });

  it('search finds it with "Của Ủy ban nhân dân xã Xuân Lai (đã sáp nhập)"; its page offers no action', async () => {
    const { page: p, problems } = await s.open('vanthu.hienvan', { width: 768, height: 1024 });
    await p.getByRole('searchbox', { name: 'Tìm văn bản' }).fill('nao vet kenh');
    await p.getByRole('button', { name: 'Tìm', exact: true }).click();
    const row = p.getByTestId('list-row').filter({ hasText: 'Về việc nạo vét kênh mương nội đồng' });
    await row.getByTestId('held-by').filter({ hasText: 'Của Ủy ban nhân dân xã Xuân Lai (đã sáp nhập)' }).waitFor();
    await screenshot(p, '15-van-ban-co-quan-sap-nhap-768');
    await row.getByRole('link', { name: /nạo vét kênh/ }).click();
    await p.getByRole('heading', { level: 1, name: 'Về việc nạo vét kênh mương nội đồng' }).waitFor();
    await p.getByText('41/UBND-NN').first().waitFor();
    await p.getByTestId('held-by-notice').filter({ hasText: 'Văn bản của Ủy ban nhân dân xã Xuân Lai (đã sáp nhập vào cơ quan mình): chỉ để tra cứu' }).waitFor();
    expect(await p.getByRole('button', { name: 'Trình lãnh đạo' }).count()).toBe(0);
    expect(problems.filter((m) => !/status of 4\d\d/.test(m))).toEqual([]);
  });
});
