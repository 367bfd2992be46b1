import { execFileSync } from 'child_process';
import { join } from 'path';
import { PassThrough } from 'stream';
import { runSignCommand } from '../../../signing/cli/sign-command';
import { classicPdf, tempDir, writeTemp } from '../fixtures/pdfs';
import { signaturePng } from '../fixtures/images';
import { testPki } from './test-pki';
import { expectAllValid, pdfsig } from './validators';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('vanban sign', () => {
  const pki = testPki();

  test('signs with a p12, image and rect, then seals with fills', async () => {
    const dir = tempDir();
    const input = writeTemp(await classicPdf({ formFields: true }), 'in.pdf', dir);
    const png = writeTemp(signaturePng(), 'sig.png', dir);
    const out = capture();
    const code = await runSignCommand(
      [input, '-o', join(dir, 'leader.pdf'), '--p12', join(pki.dir, 'leader.p12'), '--password', 'matkhau', '--image', png, '--page', '1', '--rect', '380,180,160,70', '--reason', 'Phê duyệt'],
      out.stream,
    );
    expect(code).toBe(0);
    expect(out.text()).toContain('Đã ký');
    const code2 = await runSignCommand([join(dir, 'leader.pdf'), '-o', join(dir, 'issued.pdf'), '--p12', join(pki.dir, 'seal.p12'), '--password', 'matkhau',
      '--kind', 'seal', '--page', '1', '--rect', '330,180,110,110', '--fill', 'so_ky_hieu=15/QĐ-UBND']);
    expect(code2).toBe(0);
    expectAllValid(pdfsig(join(dir, 'issued.pdf'), pki.nssDir), 2);
    expect(execFileSync('pdftotext', [join(dir, 'issued.pdf'), '-'], { encoding: 'utf8' })).toContain('15/QĐ-UBND');
  });

  test('signs on behalf with the KT. block drawn above the signature and the name below', async () => {
    const dir = tempDir();
    const input = writeTemp(await classicPdf(), 'in.pdf', dir);
    const png = writeTemp(signaturePng(), 'sig.png', dir);
    const signed = join(dir, 'kt.pdf');
    const code = await runSignCommand([input, '-o', signed, '--p12', join(pki.dir, 'leader.p12'), '--password', 'matkhau', '--image', png, '--page', '1', '--rect', '330,150,220,130',
      '--block-line', 'KT. CHỦ TỊCH', '--block-line', 'PHÓ CHỦ TỊCH', '--block-name', 'Trần Văn Bình']);
    expect(code).toBe(0);
    expectAllValid(pdfsig(signed, pki.nssDir), 1);
    const text = execFileSync('mutool', ['draw', '-F', 'txt', signed, '1'], { encoding: 'utf8' });
    expect(text.indexOf('KT. CHỦ TỊCH')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('PHÓ CHỦ TỊCH')).toBeGreaterThan(text.indexOf('KT. CHỦ TỊCH'));
    expect(text).toContain('Trần Văn Bình');
    for (const half of [['--block-line', 'KT. CHỦ TỊCH'], ['--block-name', 'Trần Văn Bình'], ['--block-line', 'KT. CHỦ TỊCH', '--block-name', 'Trần Văn Bình', '--kind', 'seal']]) {
      const err = capture();
      expect(await runSignCommand([input, '-o', join(dir, 'never.pdf'), '--p12', join(pki.dir, 'leader.p12'), '--password', 'matkhau', ...half], undefined, err.stream)).toBe(2);
      expect(err.text()).toContain('--block-line');
    }
  });

  test('usage errors exit 2, signing errors exit 1 with the code', async () => {
    const err = capture();
    expect(await runSignCommand(['only-input.pdf'], undefined, err.stream)).toBe(2);
    expect(err.text()).toContain('Cách dùng');
    const err2 = capture();
    const dir = tempDir();
    const code = await runSignCommand([writeTemp(await classicPdf(), 'i.pdf', dir), '-o', join(dir, 'o.pdf'), '--p12', join(pki.dir, 'leader.p12'), '--password', 'sai'], undefined, err2.stream);
    expect(code).toBe(1);
    expect(err2.text()).toContain('[SIGN_BAD_P12]');
  });
});
