import { isoVietnam } from '../../../signing/sign';
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { signPdf, SignError } from '../../../signing/sign';
import { classicPdf, tempDir, writeTemp } from '../fixtures/pdfs';
import { sealPng, signaturePng } from '../fixtures/images';
import { testPki } from './test-pki';
import { expectAllValid, pdfsig, qpdfCheck } from './validators';

// A time the (freshly issued) test certificates are valid at: the signer refuses any other.
const when = new Date(Math.ceil(Date.now() / 1000) * 1000 + 120_000);

/** Renders page 1 at 100 dpi; RENDER_DIR keeps the PNGs for a human to look at. */
function render(file: string, name: string): Buffer {
  const dir = process.env.RENDER_DIR ?? tempDir();
  execFileSync('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', file, join(dir, name)]);
  return readFileSync(join(dir, `${name}.png`));
}

describe('appearances per Decree 30 (domain.md §8)', () => {
  const pki = testPki();

  test('attachment: text top right with number/symbol and ISO time', async () => {
    const dir = tempDir();
    const out = join(dir, 'att.pdf');
    await signPdf({
      input: writeTemp(await classicPdf(), 'a.pdf', dir), output: out, signer: pki.seal, kind: 'attachment',
      attachmentText: { numberSymbol: '123/QĐ-UBND' }, signingTime: when,
    });
    expectAllValid(pdfsig(out, pki.nssDir), 1);
    qpdfCheck(out);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('Số, ký hiệu: 123/QĐ-UBND');
    expect(text).toContain(`Thời gian ký: ${isoVietnam(when)}`);
    // Placed in the top-right corner: pdftotext -bbox gives the word boxes.
    const bbox = execFileSync('pdftotext', ['-bbox', out, '-'], { encoding: 'utf8' });
    const m = /xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>123\/QĐ-UBND</.exec(bbox);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(595 / 2);
    expect(Number(m![2])).toBeLessThan(80);
    expect(render(out, 'attachment').length).toBeGreaterThan(1000);
  });

  test('copy: form, agency and time, Vietnamese diacritics extractable', async () => {
    const dir = tempDir();
    const out = join(dir, 'copy.pdf');
    await signPdf({
      input: writeTemp(await classicPdf(), 'c.pdf', dir), output: out, signer: pki.seal, kind: 'copy',
      copyInfo: { form: 'SAO Y', agency: 'Văn phòng Ủy ban nhân dân tỉnh Mẫu' }, signingTime: when,
    });
    expectAllValid(pdfsig(out, pki.nssDir), 1);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('SAO Y');
    expect(text).toContain('Văn phòng Ủy ban nhân dân tỉnh Mẫu');
    expect(text).toContain(isoVietnam(when));
    // The embedded font is Tinos (Times-metric), a subset, TrueType.
    const fonts = execFileSync('pdffonts', [out], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+Tinos-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    render(out, 'copy');
  });

  test('signer without image: clean text appearance; signer and seal images render', async () => {
    const dir = tempDir();
    const leader = join(dir, 'leader.pdf');
    await signPdf({ input: writeTemp(await classicPdf(), 'l.pdf', dir), output: leader, signer: pki.leader, kind: 'signer', image: signaturePng(), page: 1, rect: '370,180,170,75', signingTime: when });
    const sealed = join(dir, 'sealed.pdf');
    await signPdf({ input: leader, output: sealed, signer: pki.seal, kind: 'seal', image: sealPng(), signingTime: when });
    expectAllValid(pdfsig(sealed, pki.nssDir), 2);
    render(sealed, 'signer-seal');
    const textOnly = join(dir, 'text.pdf');
    await signPdf({ input: writeTemp(await classicPdf(), 't.pdf', dir), output: textOnly, signer: pki.leader, kind: 'signer', page: 1, rect: '370,180,200,30', signingTime: when });
    const text = execFileSync('pdftotext', ['-layout', textOnly, '-'], { encoding: 'utf8' });
    expect(text).toContain('Ký bởi: Nguyễn Văn A');
    render(textOnly, 'signer-text');
  });

  test('seal without a leader signature to overlap fails with a coded error, writing nothing', async () => {
    const dir = tempDir();
    const out = join(dir, 'never-written.pdf');
    await expect(
      signPdf({ input: writeTemp(await classicPdf(), 'x.pdf', dir), output: out, signer: pki.seal, kind: 'seal', image: sealPng() }),
    ).rejects.toMatchObject({ code: 'SIGN_LEADER_SIGNATURE_NOT_FOUND' });
    expect(existsSync(out)).toBe(false);
    await expect(
      signPdf({ input: writeTemp(await classicPdf(), 'y.pdf', dir), output: out, signer: pki.seal, kind: 'signer', page: 9, rect: '1,1,10,10' }),
    ).rejects.toBeInstanceOf(SignError);
  });
});

test('an unwritable output is a coded I/O error', async () => {
  await expect(signPdf({ input: writeTemp(await classicPdf()), output: '/nonexistent-dir/x.pdf', signer: testPki().leader, kind: 'signer', page: 1, rect: '1,1,50,20' }))
    .rejects.toMatchObject({ code: 'SIGN_IO' });
});

test('the seal overlaps the left third of the image drawn, not of a wider signature block', async () => {
  const { PdfReader, bufferSource } = await import('../../../signing/pdf');
  const pki = testPki();
  const dir = tempDir();
  const leader = join(dir, 'leader.pdf');
  // A 300x120 image fitted into a 300x70 block: drawn 175x70, centred (62.5 pt margins).
  await signPdf({ input: writeTemp(await classicPdf(), 'l.pdf', dir), output: leader, signer: pki.leader, kind: 'signer', image: signaturePng(300, 120), page: 1, rect: '250,180,300,70' });
  const sealed = join(dir, 'sealed.pdf');
  await signPdf({ input: leader, output: sealed, signer: pki.seal, kind: 'seal', image: sealPng() });
  const r = await PdfReader.open(bufferSource(readFileSync(sealed)));
  const annots = (await r.resolve((await r.resolveDict((await r.pages())[0]))!.get('Annots'))) as unknown[];
  const sealWidget = await r.resolveDict(annots[annots.length - 1] as never);
  const [x1, y1, x2, y2] = (await r.resolve(sealWidget!.get('Rect'))) as number[];
  const imageLeft = 250 + 62.5;
  expect(x2).toBeCloseTo(imageLeft + 175 / 3, 0);
  expect((y1 + y2) / 2).toBeCloseTo(180 + 35, 0);
  // 40 mm seal (236 px at 150 dpi) at real size.
  expect(x2 - x1).toBeCloseTo((236 / 150) * 72, 0);
  expectAllValid(pdfsig(sealed, pki.nssDir), 2);
});
