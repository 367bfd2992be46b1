import { ORG, pdfForm, demoWorldWithAdmin } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

/**
 * Issue 15, round 4: after a merge the surviving agency's staff find the absorbed agency's documents
 * in lists and search and read them (same secrecy rule), without working on them; nobody else does.
 */
describe('the survivor of a merge reads the absorbed agency\'s documents', () => {
  const s = demoWorldWithAdmin();

  const register = async (subject: string, secrecy = 'normal') => {
    const clerk = await s.w.as('vanthu.xuanlai');
    const meta = { issuer: 'Ủy ban nhân dân huyện Gia Bình', symbol: `${Math.floor(Math.random() * 90) + 10}/UBND-NN`, docType: 'CV', issuedDate: '2026-11-20', subject, urgency: 'normal', secrecy, pages: 1 };
    const res = await clerk.post('/incoming', pdfForm(secrecy === 'normal' ? await makeDraftPdf() : null, meta));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const found = async (who: string, q: string) =>
    ((await (await s.w.as(who)).get(`/documents?book=all&q=${encodeURIComponent(q)}`)).body.items as { id: string; heldBy?: string }[]);

  it('lists, search, the page and the file reach the survivor\'s staff after the merge; secrets stay need-to-know; acting is refused', async () => {
    const plain = await register('Về việc nạo vét kênh mương nội đồng');
    const secret = await register('Về việc nạo vét kênh mương bảo vệ công trình mật', 'mat');
    // Before the merge Hiên Vân sees none of it.
    expect(await found('vanthu.hienvan', 'nạo vét kênh')).toEqual([]);

    expect((await s.admin.post(`/organizations/${ORG.communeXuanLai}/merge`, { intoCode: ORG.communeHienVan })).status).toBe(200);

    // The survivor's clerk finds both (clerks see their agency's secret documents), marked as the absorbed agency's.
    const clerkHits = await found('vanthu.hienvan', 'nạo vét kênh');
    expect(clerkHits.map((i) => i.id).sort()).toEqual([plain, secret].sort());
    expect(clerkHits.every((i) => i.heldBy === 'Ủy ban nhân dân xã Xuân Lai')).toBe(true);
    const incomingBook = (await (await s.w.as('vanthu.hienvan')).get('/documents?book=incoming')).body.items.map((i: { id: string }) => i.id);
    expect(incomingBook).toEqual(expect.arrayContaining([plain, secret]));
    // An official of the survivor finds the plain one only, and cannot open the secret one.
    const official = await s.w.as('chuyenvien.hienvan');
    expect((await found('chuyenvien.hienvan', 'nạo vét kênh')).map((i) => i.id)).toEqual([plain]);
    expect((await official.get(`/documents/${secret}`)).status).toBe(404);

    // The page and the file open, read-only: no action is offered, and an action is refused with the reason.
    const page = await official.get(`/documents/${plain}`);
    expect(page.status).toBe(200);
    expect(page.body.document).toMatchObject({ id: plain, subject: 'Về việc nạo vét kênh mương nội đồng', allowedActions: [] });
    expect(page.body.heldBy).toBe('Ủy ban nhân dân xã Xuân Lai');
    const file = await fetch(`${s.w.t.url}/api/v1/documents/${plain}/file`, { headers: { authorization: `Bearer ${official.token}` } });
    expect([file.status, file.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect((await official.get(`/documents/${plain}/history`)).status).toBe(200);
    const leader = await s.w.as('lanhdao.hienvan');
    const refused = await (await s.w.as('vanthu.hienvan')).post(`/documents/${plain}/submit`, { leaderId: leader.userId });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'ORG_MERGED']);
    expect(refused.body.error.message).toBe('Văn bản của Ủy ban nhân dân xã Xuân Lai (đã sáp nhập) chỉ để tra cứu, không xử lý tiếp được trong cơ quan hiện tại');

    // The absorbed agency's own accounts keep seeing it; an unrelated agency does not.
    expect((await (await s.w.as('vanthu.xuanlai')).get(`/documents/${plain}`)).body).not.toHaveProperty('heldBy');
    expect((await found('vanthu.xuanlai', 'nạo vét kênh')).map((i) => i.id).sort()).toEqual([plain, secret].sort());
    expect(await found('vanthu.daidong', 'nạo vét kênh')).toEqual([]);
    const stranger = await s.w.as('vanthu.daidong');
    expect((await stranger.get(`/documents/${plain}`)).status).toBe(404);
    expect((await stranger.post(`/documents/${plain}/submit`, { leaderId: leader.userId })).body.error.code).toBe('DOCUMENT_NOT_FOUND');
  });
});
