import { promises as fs } from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { initCa, loadCa } from './bundle';
import { CaError } from './errors';
import { issueCertificate } from './issue';
import { createCrl, revokeCertificate } from './revocation';
import { REASON_CODE, type RevocationReason } from './state';

/** `vanban ca …`: the demo CA from the command line. Messages in Vietnamese, exit codes 0/1/2. */

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

const USAGE = `Cách dùng:
  vanban ca init DIR [--base-url URL] [--years N]
      Tạo CA gốc, CA trung gian, chứng thư TSA và OCSP (CHỈ ĐỂ THỬ NGHIỆM, khoá không mã hoá).
  vanban ca issue DIR --cn TÊN --org CƠ_QUAN [--ou ĐƠN_VỊ] [--seal] [--ec] [--email EMAIL]
                  [--days N] -o OUT.p12 --password MẬT_KHẨU
      Cấp chứng thư số cho cá nhân (hoặc cho cơ quan với --seal) và ghi tệp PKCS#12.
  vanban ca revoke DIR SỐ_HIỆU [--reason keyCompromise|affiliationChanged|superseded|...]
  vanban ca crl DIR root|sub -o OUT.crl
`;

class UsageError extends Error {}

export async function runCaCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'init':
        return await init(rest, io);
      case 'issue':
        return await issue(rest, io);
      case 'revoke':
        return await revoke(rest, io);
      case 'crl':
        return await crl(rest, io);
      default:
        io.err(USAGE);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${e instanceof UsageError ? e.message : 'Tham số không hợp lệ.'}\n${USAGE}`);
      return 2;
    }
    if (e instanceof CaError) {
      io.err(`Lỗi: ${e.message}${e.detail ? ` (${e.detail})` : ''}\n`);
      return 1;
    }
    io.err(`Lỗi: ${(e as Error).message}\n`);
    return 1;
  }
}

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`Thiếu hoặc thừa tham số: cần ${what}.`);
  return positionals[0];
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} phải là số nguyên dương.`);
  return n;
}

async function init(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'base-url': { type: 'string' }, years: { type: 'string' } },
  });
  const dir = one(positionals, 'thư mục DIR');
  const exists = await fs.stat(path.join(dir, 'state.json')).then(() => true, () => false);
  if (exists) {
    io.err(`Thư mục ${dir} đã có CA; không ghi đè.\n`);
    return 1;
  }
  const ca = await initCa(dir, { baseUrl: values['base-url'], validYears: positiveInt(values.years, '--years') });
  io.out(
    `Đã tạo CA thử nghiệm trong ${dir}\n` +
      `  CA gốc: ${path.join(dir, 'root.pem')}\n  CA trung gian: ${path.join(dir, 'sub.pem')}\n` +
      `  Địa chỉ CRL/OCSP/TSA: ${ca.baseUrl}\n` +
      `CẢNH BÁO: khoá bí mật lưu không mã hoá — KHÔNG DÙNG THỰC TẾ.\n`,
  );
  return 0;
}

async function issue(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      cn: { type: 'string' },
      org: { type: 'string' },
      ou: { type: 'string' },
      seal: { type: 'boolean' },
      ec: { type: 'boolean' },
      email: { type: 'string' },
      days: { type: 'string' },
      out: { type: 'string', short: 'o' },
      password: { type: 'string' },
    },
  });
  const dir = one(positionals, 'thư mục DIR');
  if (!values.cn || !values.org) throw new UsageError('Cần --cn và --org.');
  if (!values.out || values.password === undefined) throw new UsageError('Cần -o OUT.p12 và --password.');
  const ca = await loadCa(dir);
  const cert = await issueCertificate(ca, {
    commonName: values.cn,
    organization: values.org,
    organizationalUnit: values.ou,
    seal: values.seal ?? false,
    keyType: values.ec ? 'ec' : 'rsa',
    email: values.email,
    validDays: positiveInt(values.days, '--days'),
  });
  await fs.writeFile(values.out, cert.toP12(values.password), { mode: 0o600 });
  io.out(
    `Đã cấp chứng thư số ${values.seal ? 'cơ quan' : 'cá nhân'} cho "${values.cn}" (${values.org})\n` +
      `  Số hiệu: ${cert.serialHex}\n  Hiệu lực đến: ${cert.notAfter.toISOString()}\n  Tệp PKCS#12: ${values.out}\n`,
  );
  return 0;
}

async function revoke(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' } } });
  if (positionals.length !== 2) throw new UsageError('Cần DIR và SỐ_HIỆU.');
  const reason = (values.reason ?? 'unspecified') as RevocationReason;
  if (!(reason in REASON_CODE)) throw new UsageError(`Lý do thu hồi không hợp lệ: ${reason}.`);
  const ca = await loadCa(positionals[0]);
  const record = await revokeCertificate(ca, positionals[1], reason);
  io.out(`Đã thu hồi chứng thư số ${record.serialHex} (lý do: ${record.reason}, lúc ${record.revokedAt})\n`);
  return 0;
}

async function crl(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string', short: 'o' } } });
  if (positionals.length !== 2 || !['root', 'sub'].includes(positionals[1]) || !values.out) {
    throw new UsageError('Cần DIR, root|sub và -o OUT.crl.');
  }
  const ca = await loadCa(positionals[0]);
  await fs.writeFile(values.out, createCrl(ca, positionals[1] as 'root' | 'sub'));
  io.out(`Đã ghi CRL của CA ${positionals[1] === 'root' ? 'gốc' : 'trung gian'} vào ${values.out}\n`);
  return 0;
}
