import { execFileSync, spawnSync } from 'child_process';
import { PdfError, PdfReader, PdfRef, PdfStream, PdfString, bufferSource, openFileSource } from '../../../signing/pdf';
import {
  classicPdf, linearizedPdf, objectStreamPdf, qpdfObjectStreamPdf, withExtraUpdate, withHybridUpdate, writeTemp,
} from '../fixtures/pdfs';

function qpdfPages(buf: Buffer): number {
  return Number(execFileSync('qpdf', ['--show-npages', writeTemp(buf)]).toString().trim());
}

describe('PdfReader on every structure', () => {
  const cases: [string, () => Promise<Buffer>, number][] = [
    ['classic xref table', () => classicPdf({ pages: 2 }), 1],
    ['pdf-lib xref stream + object streams', () => objectStreamPdf({ pages: 2 }), 1],
    ['qpdf object streams', () => qpdfObjectStreamPdf({ pages: 2 }), 1],
    ['linearized', () => linearizedPdf(), 1],
    ['extra incremental update', async () => withExtraUpdate(await classicPdf()), 2],
  ];
  test.each(cases)('%s', async (_label, make, revs) => {
    const buf = await make();
    const r = await PdfReader.open(bufferSource(buf));
    expect(r.revisions).toHaveLength(revs);
    const last = r.revisions[r.revisions.length - 1];
    expect(last.endOffset).toBe(buf.length);
    for (const rev of r.revisions) {
      expect(buf.toString('latin1', 0, rev.endOffset)).toMatch(/%%EOF\r?\n?$/);
    }
    expect((await r.catalog()).name('Type')).toBe('Catalog');
    const pages = await r.pages();
    expect(pages.length).toBe(qpdfPages(buf));
    for (const p of pages) {
      const d = await r.resolveDict(p);
      expect(d?.name('Type')).toBe('Page');
      const contents = await r.resolve(d!.get('Contents'));
      const stm = Array.isArray(contents) ? await r.resolve(contents[0]) : contents;
      expect(stm).toBeInstanceOf(PdfStream);
      const data = await r.readStreamData(stm as PdfStream);
      expect(data.toString('latin1')).toMatch(/BT|Tj|TJ/);
    }
  });

  test('resolves as of an older revision', async () => {
    const base = await classicPdf();
    const buf = withExtraUpdate(base);
    const r = await PdfReader.open(bufferSource(buf));
    const infoNew = await r.resolveDict(r.trailer.get('Info'));
    expect(infoNew?.get('Title')).toBeDefined();
    // The new /Info object did not exist in revision 0.
    expect(await r.resolve(r.trailer.get('Info'), { revision: 0 })).toBeNull();
    // The EOL the update put after the old %%EOF belongs to the old revision.
    expect(r.revisions[0].endOffset).toBe(base.length + (base[base.length - 1] === 0x0a ? 0 : 1));
    expect(r.revisions[1].objectNumbers).toHaveLength(1);
  });

  test('hybrid-reference update: the /XRefStm stream fills what the table lacks', async () => {
    const buf = withHybridUpdate(await classicPdf());
    const r = await PdfReader.open(bufferSource(buf));
    expect(r.revisions).toHaveLength(2);
    expect(r.revisions[1].hybrid).toBe(true);
    expect(r.revisions[1].xrefKind).toBe('table');
    const info = await r.resolveDict(r.trailer.get('Info'));
    expect((info?.get('Title') as PdfString).text()).toBe('Hybrid');
    // qpdf finds the same /Info through the hybrid section (it may warn about /Size: exit 3).
    const q = spawnSync('qpdf', ['--show-object=trailer', writeTemp(buf)], { encoding: 'utf8' });
    expect(q.stdout).toContain('/XRefStm');
    const infoRef = r.trailer.get('Info') as PdfRef;
    const qi = spawnSync('qpdf', [`--show-object=${infoRef.num}`, writeTemp(buf)], { encoding: 'utf8' });
    expect(qi.stdout).toContain('(Hybrid)');
  });

  test('reads from a file source', async () => {
    const path = writeTemp(await objectStreamPdf());
    const r = await PdfReader.open(await openFileSource(path));
    expect((await r.pages()).length).toBe(1);
    await r.close();
  });
});

describe('PdfReader on malformed input fails fast with a coded error', () => {
  async function expectCoded(buf: Buffer): Promise<void> {
    const t0 = Date.now();
    let err: unknown;
    try {
      const r = await PdfReader.open(bufferSource(buf));
      await r.pages();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PdfError);
    expect(Date.now() - t0).toBeLessThan(2000);
  }

  test('truncated files', async () => {
    const buf = await classicPdf();
    for (const n of [0, 10, 100, buf.length >> 1, buf.length - 30]) await expectCoded(buf.subarray(0, n));
  });

  test('/Prev loop', async () => {
    const buf = withExtraUpdate(await classicPdf());
    const text = buf.toString('latin1');
    const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)!;
    const prevStr = /\/Prev (\d+)/.exec(text.slice(Number(sx[1])))!;
    // Point /Prev back at itself, keeping the byte length.
    const looped = text.slice(0, Number(sx[1])) + text.slice(Number(sx[1])).replace(`/Prev ${prevStr[1]}`, `/Prev ${sx[1].padEnd(prevStr[1].length, ' ')}`);
    await expectCoded(Buffer.from(looped, 'latin1'));
  });

  test('absurd /Size and /Length and bad offsets', async () => {
    const os = (await objectStreamPdf()).toString('latin1');
    await expectCoded(Buffer.from(os.replace(/\/Size \d+/, '/Size 999999999'), 'latin1'));
    const big = os.replace(/(\/Type \/XRef[^>]*?)\/Length \d+/, '$1/Length 99999999999');
    await expectCoded(Buffer.from(big.replace(/endstream/g, 'endstreax'), 'latin1'));
    const classic = (await classicPdf()).toString('latin1');
    await expectCoded(Buffer.from(classic.replace(/startxref\s+\d+/, 'startxref\n99999999'), 'latin1'));
    await expectCoded(Buffer.from(classic.replace(/\d{10} 00000 n/g, '0000000007 00000 n'), 'latin1'));
  });
});
