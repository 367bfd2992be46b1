import { execFileSync } from 'child_process';
import { join } from 'path';
import { PDFDocument, StandardFonts, degrees } from 'pdf-lib';
import { signPdf } from '../../../signing/sign';
import { tempDir, writeTemp } from '../fixtures/pdfs';
import { testPki } from './test-pki';
import { expectAllValid, pdfsig } from './validators';

/** Scans often come as rotated pages: the appearance must read upright at the displayed top right. */
describe.each([90, 180, 270])('page /Rotate %i', (rotation) => {
  test('attachment text lands top right, upright, as displayed', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595.28, 841.89]);
    page.setRotation(degrees(rotation));
    page.drawText('Noi dung', { x: 100, y: 400, size: 12, font: await doc.embedFont(StandardFonts.TimesRoman) });
    const dir = tempDir();
    const out = join(dir, 'out.pdf');
    await signPdf({ input: writeTemp(Buffer.from(await doc.save()), 'in.pdf', dir), output: out, signer: testPki().seal, kind: 'attachment', attachmentText: { numberSymbol: '9/UBND-VP' } });
    expectAllValid(pdfsig(out, testPki().nssDir), 1);
    // poppler reports words in displayed coordinates (origin top left); upright text stays whole words.
    const xml = execFileSync('pdftotext', ['-bbox', out, '-'], { encoding: 'utf8' });
    const pageTag = /<page width="([\d.]+)" height="([\d.]+)">/.exec(xml)!;
    const m = /xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">9\/UBND-VP</.exec(xml);
    expect(m).not.toBeNull();
    const [xMin, yMin, xMax, yMax] = m!.slice(1).map(Number);
    expect(xMin).toBeGreaterThan(Number(pageTag[1]) / 2);
    expect(yMin).toBeLessThan(60);
    // Upright: the word is wider than tall.
    expect(xMax - xMin).toBeGreaterThan(yMax - yMin);
    if (process.env.RENDER_DIR) execFileSync('pdftoppm', ['-png', '-r', '50', '-singlefile', out, join(process.env.RENDER_DIR, `rotate-${rotation}`)]);
  });
});
