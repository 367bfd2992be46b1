import { Writable } from 'stream';
import { runVerifyCommand } from '../../../signing/cli/verify-command';
import { verifyPki } from './pki';
import { draftFile, signedOnce, swapFirstPageContent } from './signed-fixtures';
import { join } from 'path';

jest.setTimeout(60_000);

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({ write(c, _e, cb) { chunks.push(Buffer.from(c)); cb(); } });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const o = sink();
  const e = sink();
  const code = await runVerifyCommand(args, o.stream, e.stream);
  return { code, out: o.text(), err: e.text() };
}

test('exit codes and the JSON contract', async () => {
  const pki = verifyPki();
  const trust = ['--trust', join(pki.dir, 'root.pem'), '--intermediate', join(pki.dir, 'int.pem'), '--offline'];
  const good = await signedOnce();
  const ok = await run([good, ...trust, '--json']);
  expect(ok.code).toBe(0);
  const j = JSON.parse(ok.out);
  expect(j.valid).toBe(true);
  expect(j.signatures[0]).toMatchObject({
    field: expect.any(String), signer: { commonName: 'Nguyễn Văn A' }, signingTime: expect.any(String), subFilter: 'ETSI.CAdES.detached',
    level: 'B-B', integrity: 'intact', chain: 'trusted', revocation: 'not_checked', changesAfter: 'none', errors: expect.any(Array),
  });
  const human = await run([good, ...trust]);
  expect(human.code).toBe(0);
  expect(human.out).toContain('Kết quả kiểm tra chữ ký số: HỢP LỆ');
  expect(human.out).toContain('Người ký: Nguyễn Văn A');

  const swapped = await run([await swapFirstPageContent(good), ...trust]);
  expect(swapped.code).toBe(1);
  expect(swapped.out).toContain('thay đổi không được phép');

  expect((await run([good, '--offline', '--json'])).code).toBe(1); // no anchors: untrusted
  expect((await run([await draftFile(), ...trust])).code).toBe(1);
  const broken = await run([join(pki.dir, 'root.pem'), ...trust, '--json']);
  expect(broken.code).toBe(2);
  expect(JSON.parse(broken.out).error.code).toBe('VERIFY_PDF_MALFORMED');
  expect((await run([])).code).toBe(2);
  expect((await run([good, '--bogus'])).code).toBe(2);
});
