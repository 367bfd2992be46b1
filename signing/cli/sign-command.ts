import { readFileSync } from 'fs';
import { parseArgs } from 'util';
import { readCommandLine } from './command-line';
import { loadP12, signPdf, SignatureKind } from '../sign';

const USAGE = `Cách dùng: vanban sign IN.pdf -o OUT.pdf --p12 TỆP --password MK [tuỳ chọn]
  --kind signer|seal|attachment|copy   Loại chữ ký (mặc định: signer — người có thẩm quyền)
  --image PNG                          Ảnh chữ ký / con dấu (PNG nền trong suốt)
  --page N                             Trang đặt chữ ký (1 = đầu; -1 = cuối)
  --rect x,y,rộng,cao                  Vùng đặt chữ ký (đơn vị point, gốc ở góc dưới trái)
                                       Không chỉ định: người ký đặt trên tên in của người ký (tìm từ trang
                                       cuối), nếu không thấy thì ở khối chữ ký góc dưới phải trang cuối;
                                       con dấu đè lên chữ ký của lãnh đạo (không có ảnh: dấu dạng chữ)
  --anchor CHUỖI                       Đặt chữ ký ngay trên chuỗi này (ví dụ tên người ký)
  --reason LÝ_DO  --location NƠI_KÝ
  --tsa URL                            Lấy dấu thời gian (PAdES B-T)
  --fill TÊN=GIÁ_TRỊ                   Điền ô nhập khi ban hành (lặp lại được)
  --number SỐ_KÝ_HIỆU                  Số, ký hiệu văn bản (chữ ký trên phụ lục)
  --copy-form HÌNH_THỨC --copy-agency CƠ_QUAN   Bản sao điện tử (Sao y / Sao lục / Trích sao)
  --time ISO8601                       Thời điểm ký khai báo (mặc định: hiện tại)
  --block-line DÒNG --block-name HỌ_TÊN
                                       Ký thay, ký thừa lệnh (KT./TL./TUQ./Q.): các dòng trên chữ ký, theo
                                       thứ tự (lặp lại, ví dụ "KT. CHỦ TỊCH" rồi "PHÓ CHỦ TỊCH"), và họ tên dưới chữ ký
`;

const KINDS: SignatureKind[] = ['signer', 'seal', 'attachment', 'copy'];

/** `vanban sign`: returns the process exit code (0 ok, 1 signing failed, 2 usage error). */
export async function runSignCommand(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const parsed = readCommandLine(() => parse(argv), USAGE, out, err);
  if (typeof parsed === 'number') return parsed;
  const { values: v, positionals } = parsed;
  const kind = (v.kind ?? 'signer') as SignatureKind;
  if (positionals.length !== 1 || !v.output || !v.p12 || v.password === undefined || !KINDS.includes(kind)) {
    err.write(`Thiếu hoặc sai tham số.\n\n${USAGE}`);
    return 2;
  }
  if (v.page !== undefined && !/^-?[1-9]\d*$/.test(v.page)) {
    err.write(`Tham số --page phải là số trang khác 0 (1 = đầu, -1 = cuối): ${v.page}\n`);
    return 2;
  }
  const blockLines = (v['block-line'] ?? []).map((l) => l.trim()).filter(Boolean);
  const blockName = v['block-name']?.trim();
  if ((blockLines.length > 0) !== Boolean(blockName) || (blockName && kind !== 'signer')) {
    err.write('Khối chữ ký khi ký thay cần cả --block-line và --block-name, và chỉ dùng cho chữ ký của người có thẩm quyền (--kind signer)\n');
    return 2;
  }
  const fieldFills: Record<string, string> = {};
  for (const f of v.fill ?? []) {
    const i = f.indexOf('=');
    if (i <= 0) {
      err.write(`Tham số --fill phải có dạng TÊN=GIÁ_TRỊ: ${f}\n`);
      return 2;
    }
    fieldFills[f.slice(0, i)] = f.slice(i + 1);
  }
  try {
    const signer = loadP12(readFileSync(v.p12), v.password);
    const result = await signPdf({
      input: positionals[0],
      output: v.output,
      signer,
      kind,
      image: v.image ? readFileSync(v.image) : undefined,
      page: v.page !== undefined ? Number(v.page) : undefined,
      rect: v.rect,
      anchor: v.anchor,
      reason: v.reason,
      location: v.location,
      tsaUrl: v.tsa,
      signingTime: v.time ? new Date(v.time) : undefined,
      fieldFills: Object.keys(fieldFills).length ? fieldFills : undefined,
      attachmentText: v.number ? { numberSymbol: v.number } : undefined,
      copyInfo: v['copy-form'] || v['copy-agency'] ? { form: v['copy-form'] ?? '', agency: v['copy-agency'] ?? '' } : undefined,
      signatureBlock: blockName ? { above: blockLines, name: blockName } : undefined,
    });
    out.write(`Đã ký: ${v.output} (trường ${result.fieldName}, mức PAdES ${result.level}, ${result.bytesWritten} byte)\n`);
    return 0;
  } catch (e) {
    const x = e as { code?: string; message?: string };
    err.write(`Ký không thành công${x.code ? ` [${x.code}]` : ''}: ${x.message ?? String(e)}\n`);
    return 1;
  }
}

/** `--page -1`: a negative number is the option's value, not an option of its own. */
function negativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--page' && i + 1 < argv.length && /^-\d+$/.test(argv[i + 1])) out.push(`--page=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

function parse(argv: string[]) {
  return parseArgs({
    args: negativeValues(argv),
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      p12: { type: 'string' },
      password: { type: 'string' },
      kind: { type: 'string' },
      image: { type: 'string' },
      page: { type: 'string' },
      rect: { type: 'string' },
      anchor: { type: 'string' },
      reason: { type: 'string' },
      location: { type: 'string' },
      tsa: { type: 'string' },
      fill: { type: 'string', multiple: true },
      number: { type: 'string' },
      'copy-form': { type: 'string' },
      'copy-agency': { type: 'string' },
      time: { type: 'string' },
      'block-line': { type: 'string', multiple: true },
      'block-name': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
