import * as path from 'path';
import { runCaCommand, type CliIo } from '../../../signing/ca/cli';
import { scratchDir } from './fixtures';
import { run } from './tools';

function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => {
      io.stdout += t;
    },
    err: (t: string) => {
      io.stderr += t;
    },
  };
  return io;
}

describe('vanban ca', () => {
  const work = scratchDir();
  const dir = path.join(work, 'ca');

  it('init creates a CA once and refuses to overwrite it', async () => {
    const io = captureIo();
    expect(await runCaCommand(['init', dir, '--base-url', 'https://vanban.example.vn/api/v1/pki'], io)).toBe(0);
    expect(io.stdout).toContain('Đã tạo CA thử nghiệm');
    expect(io.stdout).toContain('KHÔNG DÙNG THỰC TẾ');
    const again = captureIo();
    expect(await runCaCommand(['init', dir], again)).toBe(1);
    expect(again.stderr).toContain('không ghi đè');
  });

  it('issue writes a seal p12 (EC) that openssl opens, with the configured URLs', async () => {
    const io = captureIo();
    const out = path.join(work, 'seal.p12');
    const code = await runCaCommand(
      ['issue', dir, '--cn', 'Sở Nội vụ tỉnh Bắc Ninh', '--org', 'Sở Nội vụ tỉnh Bắc Ninh', '--seal', '--ec', '-o', out, '--password', 'pw'],
      io,
    );
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    expect(io.stdout).toContain('Đã cấp chứng thư số cơ quan');
    const p12 = run('openssl', ['pkcs12', '-in', out, '-passin', 'pass:pw', '-nokeys', '-clcerts']);
    expect(p12.status).toBe(0);
    const text = run('openssl', ['x509', '-noout', '-text', '-nameopt', 'utf8'], p12.stdout).stdout;
    expect(text).toContain('CN=Sở Nội vụ tỉnh Bắc Ninh');
    expect(text).toContain('URI:https://vanban.example.vn/api/v1/pki/crl/sub.crl');
    expect(text).toContain('id-ecPublicKey');
  });

  it('revoke then crl lists the serial', async () => {
    const io = captureIo();
    const out = path.join(work, 'p.p12');
    await runCaCommand(['issue', dir, '--cn', 'Đỗ Minh Tuấn', '--org', 'Sở Nội vụ tỉnh Bắc Ninh', '-o', out, '--password', 'x'], io);
    const serial = /Số hiệu: ([0-9a-f]+)/.exec(io.stdout)?.[1];
    expect(serial).toMatch(/^[0-9a-f]{32}$/);
    expect(await runCaCommand(['revoke', dir, serial!, '--reason', 'superseded'], captureIo())).toBe(0);
    const crlFile = path.join(work, 'sub.crl');
    expect(await runCaCommand(['crl', dir, 'sub', '-o', crlFile], captureIo())).toBe(0);
    const text = run('openssl', ['crl', '-inform', 'DER', '-in', crlFile, '-noout', '-text']).stdout;
    expect(text.toLowerCase()).toContain(`serial number: ${serial}`);
    expect(text).toContain('Superseded');
  });

  it('usage errors exit 2, CA errors exit 1 with a Vietnamese message', async () => {
    const io = captureIo();
    expect(await runCaCommand(['issue', dir, '--cn', 'A'], io)).toBe(2);
    expect(io.stderr).toContain('Cần --cn và --org');
    expect(await runCaCommand(['frobnicate'], captureIo())).toBe(2);
    expect(await runCaCommand(['issue', dir, '--bogus'], captureIo())).toBe(2);
    const missing = captureIo();
    expect(await runCaCommand(['issue', path.join(work, 'none'), '--cn', 'A', '--org', 'B', '-o', 'x.p12', '--password', 'p'], missing)).toBe(1);
    expect(missing.stderr).toContain('Không tìm thấy dữ liệu của CA');
    const unknown = captureIo();
    expect(await runCaCommand(['revoke', dir, 'abcdef'], unknown)).toBe(1);
    expect(unknown.stderr).toContain('Không tìm thấy chứng thư số');
  });
});
