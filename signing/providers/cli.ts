import { readFileSync } from 'fs';
import { parseArgs } from 'util';
import { readCommandLine } from '../cli/command-line';
import { loadP12 } from '../sign/signer-key';
import { startRemoteSignerSimulator } from './remote-signer-simulator';
import { startTokenPlugin } from './token-plugin';

const REMOTE_USAGE = `Cách dùng: vanban remote-signer --p12 TỆP.p12 --password MẬT_KHẨU --user MÃ_NGƯỜI_DÙNG [--p12 … --password … --user …]
                          [--port 0] [--client-id vanban] [--client-secret BÍ_MẬT] [--ttl 300]

Dịch vụ ký số từ xa MÔ PHỎNG (kiểu VNPT SmartCA / Viettel MySign) cho thử nghiệm và trình diễn.
Mỗi --p12 đi với --password và --user (mã người dùng tại dịch vụ, ví dụ số định danh).
Trang "điện thoại" để xác nhận: http://127.0.0.1:CỔNG/phone/MÃ_NGƯỜI_DÙNG
Cấu hình Vanban: VANBAN_REMOTE_SIGNING_URL, VANBAN_REMOTE_SIGNING_CLIENT_ID, VANBAN_REMOTE_SIGNING_SECRET.
`;

const PLUGIN_USAGE = `Cách dùng: vanban token-plugin --p12 TỆP.p12 --password MẬT_KHẨU --origin https://vanban.example [--origin …] [--port 17890]

Plugin ký số tham chiếu: chạy trên máy của lãnh đạo, ký bằng tệp PKCS#12 thay cho USB token,
nghe tại 127.0.0.1 và chỉ phục vụ các trang web được phép (--origin). Giao thức: xem README.
`;

function keysFrom(p12s: string[], passwords: string[]) {
  if (p12s.length === 0 || p12s.length !== passwords.length) throw new Error('Mỗi --p12 cần một --password');
  return p12s.map((file, i) => {
    const m = loadP12(readFileSync(file), passwords[i]);
    return { keyPem: m.keyPem!, certPem: m.certPem, chainPem: m.chainPem ?? [] };
  });
}

/** Keeps the process alive until Ctrl+C, then closes the server. */
function untilInterrupted(close: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    const stop = () => void close().then(() => resolve(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function runRemoteSigner(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const parsed = readCommandLine(() => parseArgs({ args: argv, options: {
    p12: { type: 'string', multiple: true, default: [] }, password: { type: 'string', multiple: true, default: [] }, user: { type: 'string', multiple: true, default: [] },
    port: { type: 'string', default: '0' }, 'client-id': { type: 'string', default: 'vanban' }, 'client-secret': { type: 'string', default: process.env.VANBAN_REMOTE_SIGNING_SECRET ?? '' },
    ttl: { type: 'string', default: '300' }, help: { type: 'boolean' },
  } }), REMOTE_USAGE, out, err);
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  if (v.p12!.length === 0 || v.user!.length !== v.p12!.length) {
    err.write(`Cần ít nhất một --p12, mỗi --p12 đi với một --user\n\n${REMOTE_USAGE}`);
    return 2;
  }
  const keys = keysFrom(v.p12!, v.password!);
  const sim = await startRemoteSignerSimulator({
    accounts: keys.map((k, i) => ({ ...k, userId: v.user![i] })), clientId: v['client-id']!, clientSecret: v['client-secret']!, port: Number(v.port), ttlSeconds: Number(v.ttl),
  });
  out.write(`Dịch vụ ký số từ xa mô phỏng: ${sim.url}\n${v.user!.map((u) => `  Điện thoại của ${u}: ${sim.url}/phone/${encodeURIComponent(u)}\n`).join('')}`);
  return untilInterrupted(sim.close);
}

export async function runTokenPlugin(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const parsed = readCommandLine(() => parseArgs({ args: argv, options: {
    p12: { type: 'string', multiple: true, default: [] }, password: { type: 'string', multiple: true, default: [] },
    origin: { type: 'string', multiple: true, default: [] }, port: { type: 'string', default: '17890' }, help: { type: 'boolean' },
  } }), PLUGIN_USAGE, out, err);
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  if (v.p12!.length === 0 || v.origin!.length === 0) {
    err.write(`Cần --p12 và ít nhất một --origin (địa chỉ trang Vanban)\n\n${PLUGIN_USAGE}`);
    return 2;
  }
  const plugin = await startTokenPlugin({ keys: keysFrom(v.p12!, v.password!), allowedOrigins: v.origin!, port: Number(v.port), log: (line) => out.write(`${line}\n`) });
  out.write(`Plugin ký số đang chạy tại ${plugin.url} cho ${v.origin!.join(', ')}\n`);
  return untilInterrupted(plugin.close);
}
