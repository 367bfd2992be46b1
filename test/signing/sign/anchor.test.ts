import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { PdfReader, PdfRef, bufferSource } from '../../../signing/pdf';
import { signPdf } from '../../../signing/sign';
import { classicPdf, tempDir, writeTemp } from '../fixtures/pdfs';
import { signaturePng } from '../fixtures/images';
import { testPki } from './test-pki';
import { expectAllValid, pdfsig } from './validators';

/** Word boxes from poppler (independent of our text extraction), in PDF user space. */
function wordBox(file: string, word: string, pageHeight = 841.89): { x: number; y: number; w: number } {
  const xml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const m = new RegExp(`xMin="([\\d.]+)" yMin="([\\d.]+)" xMax="([\\d.]+)" yMax="([\\d.]+)">${word}<`).exec(xml);
  if (!m) throw new Error(`word ${word} not found`);
  return { x: Number(m[1]), y: pageHeight - Number(m[4]), w: Number(m[3]) - Number(m[1]) };
}

async function widgetRect(file: string): Promise<number[]> {
  const r = await PdfReader.open(bufferSource(readFileSync(file)));
  const acro = await r.resolveDict((await r.catalog()).get('AcroForm'));
  const fields = (await r.resolve(acro!.get('Fields'))) as PdfRef[];
  const w = await r.resolveDict(fields[fields.length - 1]);
  return (await r.resolve(w!.get('Rect'))) as number[];
}

describe('placement by anchor text', () => {
  const pki = testPki();

  test('standard-font draft: image centred just above the signer name on the last page', async () => {
    const dir = tempDir();
    const input = writeTemp(await classicPdf({ pages: 2, signerName: 'Nguyen Van A' }), 'in.pdf', dir);
    const out = join(dir, 'out.pdf');
    await signPdf({ input, output: out, signer: pki.leader, kind: 'signer', image: signaturePng(), anchor: 'nguyen  van a' });
    expectAllValid(pdfsig(out, pki.nssDir), 1);
    const [x1, y1, x2] = await widgetRect(out);
    const name = wordBox(out, 'Nguyen');
    const nameEnd = wordBox(out, 'A');
    const nameCentre = (name.x + nameEnd.x + nameEnd.w) / 2;
    expect(Math.abs((x1 + x2) / 2 - nameCentre)).toBeLessThan(3);
    expect(y1).toBeGreaterThan(name.y);
    expect(y1).toBeLessThan(name.y + 40);
    const r = await PdfReader.open(bufferSource(readFileSync(out)));
    const w = await r.resolveDict(((await r.resolve((await r.resolveDict((await r.catalog()).get('AcroForm')))!.get('Fields'))) as PdfRef[])[0]);
    expect((w!.get('P') as PdfRef).num).toBe((await r.pages())[1].num);
  });

  // Debian's fonts-liberation, installed by .ci/run like poppler and qpdf (see README).
  const liberation = '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf';
  test('embedded Type0 font with ToUnicode: Vietnamese anchor', async () => {
    expect(existsSync(liberation)).toBe(true);
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(readFileSync(liberation), { subset: true });
    const page = doc.addPage([595.28, 841.89]);
    page.drawText('CHỦ TỊCH', { x: 400, y: 260, size: 12, font });
    page.drawText('Lê Văn Ánh', { x: 385, y: 160, size: 12, font });
    const dir = tempDir();
    const input = writeTemp(Buffer.from(await doc.save()), 'vi.pdf', dir);
    // pdf-lib drops ToUnicode entries for some shaped glyphs (e.g. "ễ"); the fixture avoids them.
    expect(execFileSync('pdftotext', [input, '-'], { encoding: 'utf8' })).toContain('Lê Văn Ánh');
    const out = join(dir, 'out.pdf');
    await signPdf({ input, output: out, signer: pki.leader, kind: 'signer', image: signaturePng(), anchor: 'Lê Văn Ánh' });
    const [x1, y1, x2] = await widgetRect(out);
    const width = font.widthOfTextAtSize('Lê Văn Ánh', 12);
    expect(Math.abs((x1 + x2) / 2 - (385 + width / 2))).toBeLessThan(2);
    expect(y1).toBeGreaterThan(160);
    expect(y1).toBeLessThan(200);
  });

  test('missing anchor is a coded error', async () => {
    await expect(signPdf({ input: writeTemp(await classicPdf()), output: join(tempDir(), 'x.pdf'), signer: pki.leader, kind: 'signer', anchor: 'Không có' }))
      .rejects.toMatchObject({ code: 'SIGN_ANCHOR_NOT_FOUND' });
  });
});
