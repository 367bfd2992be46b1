import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { loadP12 } from '../../../signing/sign';
import { openP12Native } from '../../../signing/sign/p12-native';
import { demoPki } from '../ca/fixtures';
import { tempDir } from '../fixtures/pdfs';
import { testPki } from './test-pki';

/** PKCS#12 files as OpenSSL writes them today, in legacy mode, and as the demo CA writes them. */
describe('PKCS#12 profiles', () => {
  const pki = testPki();
  const openssl = (extra: string[]): Buffer => {
    const out = join(tempDir(), 'x.p12');
    execFileSync('openssl', ['pkcs12', '-export', ...extra, '-inkey', join(pki.dir, 'leader.key'), '-in', join(pki.dir, 'leader.pem'),
      '-certfile', join(pki.dir, 'root.pem'), '-out', out, '-passout', 'pass:matkhau'], { stdio: 'pipe' });
    return readFileSync(out);
  };

  test('OpenSSL 3 default (PBES2/AES, HMAC-SHA256) opens natively', () => {
    const p12 = openssl([]);
    expect(openP12Native(p12, 'matkhau')).toBeDefined();
    const m = loadP12(p12, 'matkhau');
    expect(m.certPem).toBe(pki.leader.certPem.replace(/\r/g, ''));
    expect(m.chainPem).toEqual([pki.rootPemNormalized()]);
  });

  test.each([
    ['legacy RC2 + 3DES (forge fallback)', ['-legacy']],
    ['3DES certificates', ['-descert']],
  ])('%s', (_l, args) => {
    const m = loadP12(openssl(args), 'matkhau');
    expect(m.certPem).toBe(pki.leader.certPem.replace(/\r/g, ''));
    expect(m.keyPem).toContain('PRIVATE KEY');
  });

  test('wrong password is refused by the MAC check', () => {
    expect(() => openP12Native(openssl([]), 'sai')).toThrow(expect.objectContaining({ code: 'SIGN_BAD_P12' }));
  });

  test('the demo CA PKCS#12 (EC key, Vietnamese password) opens natively', async () => {
    const demo = await demoPki();
    const native = openP12Native(demo.leaderEc.toP12('mật khẩu'), 'mật khẩu');
    expect(native?.key.asymmetricKeyType).toBe('ec');
    expect(native?.certs).toHaveLength(3);
  });
});
