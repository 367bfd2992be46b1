#!/usr/bin/env node
/**
 * `vanban` — one entry for the server and the tools. Each command loads its modules lazily so that
 * `vanban --help` and the signing tools start fast.
 */
const HELP = `Vanban — hệ thống quản lý văn bản và điều hành

Cách dùng: vanban <lệnh> [tham số]

Lệnh:
  serve                         Chạy máy chủ (mặc định: cơ sở dữ liệu nhúng và tệp dưới ./data)
  migrate                       Cập nhật cấu trúc cơ sở dữ liệu
  seed                          Nạp dữ liệu mẫu (chỉ vào cơ sở dữ liệu trống)
  org import FILE               Nhập cây cơ quan từ tệp JSON
  audit verify                  Kiểm tra chuỗi nhật ký (phát hiện bản ghi bị sửa/xoá)
  sign IN.pdf -o OUT.pdf ...    Ký số tệp PDF (PAdES)
  verify FILE.pdf ...           Kiểm tra chữ ký số trong tệp PDF
  ca init DIR | ca issue DIR ...  CA thử nghiệm (DEMO)
  edxml validate FILE | edxml unpack FILE -o DIR  Kiểm tra, giải gói tin edXML (QCVN 102:2016)
  axis --port P --data DIR      Trục liên thông mô phỏng (thử nghiệm, demo)
  remote-signer --p12 ... --user ...  Dịch vụ ký số từ xa mô phỏng (SmartCA/MySign) cho thử nghiệm
  token-plugin --p12 ... --origin URL Plugin ký số tham chiếu (thay USB token) trên máy người ký
  --help                        Hiện hướng dẫn này

Biến môi trường: PORT, VANBAN_DATA_DIR, VANBAN_ADMIN_PASSWORD, VANBAN_DEMO, DATABASE_URL,
S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET, REDIS_URL, VANBAN_AXIS_URL,
VANBAN_AXIS_SYSTEM_ID, VANBAN_AXIS_SECRET (xem README).
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve-command')).runServe,
  migrate: async () => (await import('./db-commands')).runMigrate,
  seed: async () => (await import('./db-commands')).runSeed,
  org: async () => (await import('./db-commands')).runOrg,
  audit: async () => (await import('./db-commands')).runAudit,
  sign: async () => (await import('../../signing/cli/sign-command')).runSignCommand,
  verify: async () => (await import('../../signing/cli/verify-command')).runVerifyCommand,
  ca: async () => (await import('../../signing/ca/cli')).runCaCommand,
  edxml: async () => (await import('./edxml-command')).runEdxmlCommand,
  axis: async () => (await import('./axis-command')).runAxisCommand,
  'remote-signer': async () => (await import('../../signing/providers/cli')).runRemoteSigner,
  'token-plugin': async () => (await import('../../signing/providers/cli')).runTokenPlugin,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`Lệnh không hợp lệ: ${name}\n\n${HELP}`);
    return 2;
  }
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`Lỗi${e.code ? ` [${e.code}]` : ''}: ${e.message ?? String(err)}\n`);
    process.exitCode = 1;
  },
);

// A module, not a global script: keeps `main` out of the global scope.
export {};
