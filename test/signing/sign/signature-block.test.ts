import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import { signPdf, SignError } from '../../../signing/sign';
import { classicPdf, tempDir, writeTemp } from '../fixtures/pdfs';
import { signaturePng } from '../fixtures/images';
import { testPki } from './test-pki';
import { expectAllValid, pdfsig, qpdfCheck } from './validators';

const when = new Date(Math.ceil(Date.now() / 1000) * 1000 + 120_000);
const KT = { above: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Trần Thị Bình' };

/** Signing on behalf (Decree 30): the signer appearance carries the authority line, the title and the name. */
describe('signature block of one signing on behalf', () => {
  const pki = testPki();

  test('where the draft prints no block: the appearance draws it, lines above the image, the name below; signature valid', async () => {
    const dir = tempDir();
    const out = join(dir, 'kt.pdf');
    const input = writeTemp(await classicPdf({ signerName: 'Nguoi khac' }), 'kt-in.pdf', dir);
    await signPdf({ input, output: out, signer: pki.leader, kind: 'signer', image: signaturePng(), page: 1, rect: '60,300,200,110', signatureBlock: KT, signingTime: when });
    expectAllValid(pdfsig(out, pki.nssDir), 1);
    qpdfCheck(out);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/KT\. CHỦ TỊCH\s*\n\s*PHÓ CHỦ TỊCH\s*\n[\s\S]*Trần Thị Bình/);
    // Without an image the signer text sits between the lines and the name.
    const plain = join(dir, 'kt-text.pdf');
    await signPdf({ input, output: plain, signer: pki.leader, kind: 'signer', page: 1, rect: '60,300,220,80', signatureBlock: KT, signingTime: when });
    expect(execFileSync('pdftotext', ['-layout', plain, '-'], { encoding: 'utf8' })).toMatch(/PHÓ CHỦ TỊCH\s*\n\s*Ký bởi: Nguyễn Văn A[\s\S]*Trần Thị Bình/);
  });

  test('where the draft prints the signer\'s name without the authority line, or another signer\'s name: refused, nothing written', async () => {
    const dir = tempDir();
    const withName = writeTemp(await classicPdf({ signerName: 'Tran Thi Binh' }), 'named.pdf', dir);
    const refused = await signPdf({ input: withName, output: join(dir, 'never.pdf'), signer: pki.leader, kind: 'signer', image: signaturePng(), anchor: 'Trần Thị Bình', signatureBlock: KT, signingTime: when }).catch((e) => e);
    expect(refused).toBeInstanceOf(SignError);
    expect(refused.code).toBe('SIGN_BLOCK_MISMATCH');
    const forHead = writeTemp(await classicPdf({ signerName: 'Do Quang Huy' }), 'head.pdf', dir);
    const other = await signPdf({ input: forHead, output: join(dir, 'never2.pdf'), signer: pki.leader, kind: 'signer', anchor: undefined, signatureBlock: { ...KT, notPrinted: ['Đỗ Quang Huy'] }, signingTime: when }).catch((e) => e);
    expect(other.code).toBe('SIGN_BLOCK_MISMATCH');
    expect(other.message).toMatch(/Dự thảo in khối chữ ký của Đỗ Quang Huy/);
    expect([existsSync(join(dir, 'never.pdf')), existsSync(join(dir, 'never2.pdf'))]).toEqual([false, false]);
  });
});
