import { pdfForm, startDemoWorld, type DemoWorld } from '../../helpers/demo-world';
import { makeDraftPdf } from '../../helpers/pdf-fixtures';

const meta = (symbol: string, over: Record<string, unknown> = {}) => ({
  issuer: 'Ủy ban nhân dân tỉnh Bắc Ninh',
  symbol,
  docType: 'CV',
  issuedDate: '2026-11-20',
  subject: 'Về việc kiểm tra tải lên đồng thời',
  ...over,
});

describe('the same bytes uploaded by a failing and a succeeding request at once', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await startDemoWorld();
  });
  afterAll(() => w.t.stop());

  it('never loses the file of the document that was registered', async () => {
    const clerk = await w.as('vanthu.hienvan');
    const registered: string[] = [];
    for (let round = 0; round < 12; round++) {
      const pdf = await makeDraftPdf({ title: `CÔNG VĂN số ${round}` });
      // The failing request streams its file first, then its meta is found wrong: its copy is released.
      const attempts = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          i % 2 === 0
            ? clerk.post('/incoming', pdfForm(pdf, meta(`${round}-${i}/CV`, { docType: 'XYZ' }), 'a.pdf', false))
            : clerk.post('/incoming', pdfForm(pdf, meta(`${round}-${i}/CV`), 'a.pdf', false)),
        ),
      );
      for (const [i, res] of attempts.entries()) {
        expect(res.status).toBe(i % 2 === 0 ? 400 : 201);
        if (res.status === 201) registered.push(res.body.id);
      }
    }
    for (const id of registered) {
      const file = await fetch(`${w.t.url}/api/v1/documents/${id}/file`, { headers: { authorization: `Bearer ${clerk.token}` } });
      expect([id, file.status]).toEqual([id, 200]);
      await file.arrayBuffer();
    }
  });
});
