import { PdfDict, PdfError, PdfReader, PdfRef, PdfStream, bufferSource } from '../../../signing/pdf';
import { classicPdf, linearizedPdf, objectStreamPdf, withExtraUpdate } from '../fixtures/pdfs';

/** Deterministic PRNG so a failure reproduces. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

/** Opens and walks everything reachable; any error must be a PdfError. Returns whether it opened. */
async function exercise(buf: Buffer): Promise<boolean> {
  let opened = false;
  try {
    const r = await PdfReader.open(bufferSource(buf));
    opened = true;
    for (let rev = 0; rev < r.revisions.length; rev++) {
      for (const num of r.revisions[rev].objectNumbers.slice(0, 200)) {
        const o = await r.resolve(new PdfRef(num), { revision: rev });
        if (o instanceof PdfStream && o.length < 1 << 20) await r.readStreamData(o).catch((e) => { if (!(e instanceof PdfError)) throw e; });
      }
    }
    const pages = await r.pages();
    for (const p of pages) await r.inheritedPageAttr((await r.resolveDict(p)) ?? new PdfDict(), 'MediaBox');
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
  }
  return opened;
}

describe('reader fuzz: only coded errors, bounded time', () => {
  const makers: [string, () => Promise<Buffer>][] = [
    ['classic + update', async () => withExtraUpdate(await classicPdf({ formFields: true }))],
    ['object streams', () => objectStreamPdf({ formFields: true })],
    ['linearized', () => linearizedPdf()],
  ];
  test.each(makers)('%s', async (_l, make) => {
    const base = await make();
    const next = rng(base.length);
    const t0 = Date.now();
    let opened = 0;
    for (let i = 0; i < 300; i++) {
      const m = Buffer.from(base);
      const kind = i % 3;
      if (kind === 0) {
        for (let k = 0; k < 1 + Math.floor(next() * 8); k++) m[Math.floor(next() * m.length)] = Math.floor(next() * 256);
        if (await exercise(m)) opened++;
      } else if (kind === 1) {
        await exercise(m.subarray(0, Math.floor(next() * m.length)));
      } else {
        // Digits are where offsets, lengths and counts live: bend them.
        const text = m.toString('latin1').replace(/\d+/g, (d) => (next() < 0.05 ? String(Math.floor(next() * 1e10)) : d));
        await exercise(Buffer.from(text, 'latin1'));
      }
    }
    expect(Date.now() - t0).toBeLessThan(30_000);
    // Byte flips mostly land in content: many mutants must still open and be walked.
    expect(opened).toBeGreaterThan(20);
  });
});
