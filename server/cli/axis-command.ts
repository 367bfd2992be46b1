import path from 'node:path';
import { parseArgs } from 'node:util';
import { readCommandLine } from '../../signing/cli/command-line';
import { startAxisSimulator } from '../exchange/axis/axis-simulator';
import type { AxisSystem } from '../exchange/axis/axis-store';

const USAGE = `Cách dùng: vanban axis --port CỔNG --data THƯ_MỤC [--host ĐỊA_CHỈ] [--system MÃ:KHOÁ:MÃ_CƠ_QUAN,MÃ_CƠ_QUAN…]...
Trục liên thông mô phỏng (thử nghiệm, demo): mỗi hệ thống đăng nhập bằng mã hệ thống (systemId) và khoá
bí mật (secret); gói tin lưu theo mã định danh cơ quan nhận trong THƯ_MỤC (danh sách hệ thống: systems.json).
  --system   Đăng ký một hệ thống và các cơ quan nó nhận thay (lặp lại được; mặc định chỉ mã hệ thống)
`;

const parse = (argv: string[]) =>
  parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      system: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });

export function parseSystem(spec: string): AxisSystem {
  const [systemId, secret, codes] = spec.split(':');
  if (!systemId || !secret || secret.length < 8) throw new Error(`--system cần dạng MÃ:KHOÁ(ít nhất 8 ký tự)[:MÃ_CƠ_QUAN,…]: ${spec}`);
  return { systemId, secret, organizations: codes ? codes.split(',').filter(Boolean) : [systemId] };
}

export async function runAxisCommand(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const parsed = readCommandLine(() => parse(argv), USAGE, out, err);
  if (typeof parsed === 'number') return parsed;
  const { port, host, data } = parsed.values;
  if (!port || !data || !/^\d+$/.test(port)) {
    err.write(USAGE);
    return 2;
  }
  let systems: AxisSystem[];
  try {
    systems = (parsed.values.system ?? []).map(parseSystem);
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return 2;
  }
  const axis = await startAxisSimulator({ dataDir: path.resolve(data), port: Number(port), host: host ?? '127.0.0.1', systems });
  out.write(`Trục liên thông mô phỏng đang chạy tại ${axis.url} (dữ liệu: ${path.resolve(data)})\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await axis.close();
  return 0;
}
