import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { PassThrough } from 'stream';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { bufferSource, PdfReader, PdfRef, walkAcroForm } from '../../../signing/pdf';
import { runSignCommand } from '../../../signing/cli/sign-command';
import { signPdf } from '../../../signing/sign';
import { verifyPdf } from '../../../signing/verify';
import { classicPdf, tempDir, writeTemp } from '../fixtures/pdfs';
import { signaturePng } from '../fixtures/images';
import { testPki } from './test-pki';
import { expectAllValid, pdfsig, qpdfCheck } from './validators';

jest.setTimeout(120_000);

/** The newest signature widget: its page (1-based) and /Rect. */
async function lastWidget(file: string): Promise<{ page: number; rect: number[] }> {
  const r = await PdfReader.open(bufferSource(readFileSync(file)));
  const tree = await walkAcroForm(r);
  const sig = tree.fields.filter((f) => f.type === 'Sig').at(-1)!;
  const w = sig.widgets[0].dict;
  const pages = await r.pages();
  return { page: pages.findIndex((p) => p.num === (w.get('P') as PdfRef).num) + 1, rect: (await r.resolve(w.get('Rect'))) as number[] };
}

/** Word box from poppler in default user space (for an unrotated A4 page). */
function wordBox(file: string, word: string, page: number): { x1: number; y1: number; x2: number; y2: number } {
  const xml = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', file, '-'], { encoding: 'utf8' });
  const m = new RegExp(`xMin="([\\d.]+)" yMin="([\\d.]+)" xMax="([\\d.]+)" yMax="([\\d.]+)">${word}<`).exec(xml)!;
  const [x1, yMin, x2, yMax] = m.slice(1).map(Number);
  return { x1, x2, y1: 841.89 - yMax, y2: 841.89 - yMin };
}

const overlaps = (r: number[], b: { x1: number; y1: number; x2: number; y2: number }): boolean => r[0] < b.x2 && r[2] > b.x1 && r[1] < b.y2 && r[3] > b.y1;

describe('sensible defaults', () => {
  const pki = testPki();
  const anchors = { trustAnchors: [pki.leader.rootPem] };

  test('`vanban sign` with no position and `--page -1`: above the printed name on the last page', async () => {
    const dir = tempDir();
    // The certificate says "Nguyễn Văn A"; the draft prints the name without marks.
    const input = writeTemp(await classicPdf({ pages: 2, signerName: 'Nguyen Van A' }), 'in.pdf', dir);
    const png = writeTemp(signaturePng(), 'sig.png', dir);
    const err = new PassThrough();
    const code = await runSignCommand([input, '-o', join(dir, 'a.pdf'), '--p12', join(pki.dir, 'leader.p12'), '--password', 'matkhau', '--image', png, '--page', '-1'], new PassThrough(), err);
    expect(code).toBe(0);
    const w = await lastWidget(join(dir, 'a.pdf'));
    expect(w.page).toBe(2);
    const name = wordBox(join(dir, 'a.pdf'), 'Nguyen', 2);
    expect(overlaps(w.rect, name)).toBe(false);
    expect(w.rect[1]).toBeGreaterThan(name.y2); // above the name
    expect(w.rect[1] - name.y2).toBeLessThan(40);
    expectAllValid(pdfsig(join(dir, 'a.pdf'), pki.nssDir), 1);
    expect(await runSignCommand([input, '-o', join(dir, 'b.pdf'), '--p12', join(pki.dir, 'leader.p12'), '--password', 'matkhau', '--page', '0'], new PassThrough(), new PassThrough())).toBe(2);
  });

  test('no printed name: the usual signature block, bottom right of the last page', async () => {
    const dir = tempDir();
    const input = writeTemp(await classicPdf({ pages: 3, signerName: 'Nguoi Khac' }), 'in.pdf', dir);
    await signPdf({ input, output: join(dir, 'out.pdf'), signer: pki.leader, kind: 'signer', image: signaturePng() });
    const w = await lastWidget(join(dir, 'out.pdf'));
    expect(w.page).toBe(3);
    expect(w.rect[0]).toBeGreaterThan(595.28 / 2);
    expect(w.rect[3]).toBeLessThan(841.89 / 3);
  });

  test('a seal without an image: a text appearance over the leader signature, both valid (pdfsig, qpdf)', async () => {
    const dir = tempDir();
    const input = writeTemp(await classicPdf({ formFields: true }), 'in.pdf', dir);
    const leader = join(dir, 'leader.pdf');
    await signPdf({ input, output: leader, signer: pki.leader, kind: 'signer', image: signaturePng() });
    const sealed = join(dir, 'sealed.pdf');
    await signPdf({ input: leader, output: sealed, signer: pki.seal, kind: 'seal', fieldFills: { so_ky_hieu: 'Số: 7/UBND' } });
    const lw = await lastWidget(leader);
    const sw = await lastWidget(sealed);
    expect(overlaps(sw.rect, { x1: lw.rect[0], y1: lw.rect[1], x2: lw.rect[2], y2: lw.rect[3] })).toBe(true);
    expect(execFileSync('pdftotext', [sealed, '-'], { encoding: 'utf8' })).toContain('Ủy ban nhân dân tỉnh Mẫu');
    expectAllValid(pdfsig(sealed, pki.nssDir), 2);
    qpdfCheck(sealed);
    const r = await verifyPdf(sealed, anchors);
    expect(r.signatures.map((s) => s.status)).toEqual(['valid', 'valid']);
  });

  test.each([90, 270])('anchor on a page with /Rotate %i: the block stands beside the name, never on it', async (rotation) => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595.28, 841.89]);
    page.setRotation(degrees(rotation));
    const font = await doc.embedFont(StandardFonts.TimesRoman);
    page.drawText('CHU TICH', { x: 380, y: 260, size: 12, font });
    page.drawText('Nguyen Van A', { x: 380, y: 160, size: 12, font });
    const dir = tempDir();
    const out = join(dir, 'out.pdf');
    await signPdf({ input: writeTemp(Buffer.from(await doc.save()), 'in.pdf', dir), output: out, signer: pki.leader, kind: 'signer', image: signaturePng(), anchor: 'Nguyen Van A' });
    const w = await lastWidget(out);
    // The name's box in user space: drawn horizontally at y=160, 12 pt.
    const name = { x1: 380, y1: 157, x2: 380 + font.widthOfTextAtSize('Nguyen Van A', 12), y2: 172 };
    expect(overlaps(w.rect, name)).toBe(false);
    // On the side the letters stand on (user +y), close to the name.
    expect(w.rect[1]).toBeGreaterThanOrEqual(name.y2);
    expect(w.rect[1] - name.y2).toBeLessThan(40);
    expectAllValid(pdfsig(out, pki.nssDir), 1);
  });
});
