import { readFileSync } from 'fs';
import { parseArgs } from 'util';
import { readCommandLine } from './command-line';
import { CHAIN_VI, CHANGES_VI, INTEGRITY_VI, REVOCATION_VI, VerificationReport, VerifyError, verifyPdf } from '../verify';
import { STATUS_VI } from '../verify/summary';

const USAGE = `Cách dùng: vanban verify TỆP.pdf [--trust PEM]... [--intermediate PEM]... [--offline] [--json]
  --trust PEM          Chứng thư số gốc tin cậy (lặp lại được)
  --intermediate PEM   Chứng thư số trung gian dùng để xây dựng đường dẫn (lặp lại được)
  --offline            Không truy vấn CRL/OCSP qua mạng
  --json               In kết quả dạng JSON
Mã thoát: 0 = mọi chữ ký hợp lệ; 1 = có chữ ký không hợp lệ hoặc không có chữ ký; 2 = sai tham số hoặc tệp không đọc được.
`;

/** `vanban verify`: 0 only when every signature is intact, trusted and followed by no disallowed change. */
export async function runVerifyCommand(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const parsed = readCommandLine(() => parse(argv), USAGE, out, err);
  if (typeof parsed === 'number') return parsed;
  const { values: v, positionals } = parsed;
  if (positionals.length !== 1) {
    err.write(`Cần đúng một tệp PDF.\n\n${USAGE}`);
    return 2;
  }
  let trustAnchors: string[];
  let intermediates: string[];
  try {
    trustAnchors = (v.trust ?? []).map((p) => readFileSync(p, 'utf8'));
    intermediates = (v.intermediate ?? []).map((p) => readFileSync(p, 'utf8'));
  } catch (e) {
    err.write(`Không đọc được tệp chứng thư số: ${(e as Error).message}\n`);
    return 2;
  }
  let report: VerificationReport;
  try {
    report = await verifyPdf(positionals[0], { trustAnchors, intermediates, fetchRevocation: !v.offline });
  } catch (e) {
    if (e instanceof VerifyError) {
      if (v.json) out.write(`${JSON.stringify({ status: 'indeterminate', valid: false, error: { code: e.code, message: e.message }, signatures: [] })}\n`);
      else err.write(`Lỗi (${e.code}): ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  out.write(v.json ? `${JSON.stringify(report, null, 2)}\n` : humanReport(report));
  return report.valid ? 0 : 1;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      trust: { type: 'string', multiple: true },
      intermediate: { type: 'string', multiple: true },
      offline: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function humanReport(r: VerificationReport): string {
  const lines = [`Kết quả kiểm tra chữ ký số: ${STATUS_VI[r.status].toUpperCase()}`, r.summary, ''];
  r.signatures.forEach((s, i) => {
    lines.push(`Chữ ký #${i + 1} — trường "${s.field}"${s.kind === 'document_timestamp' ? ' (dấu thời gian tài liệu)' : ''}`);
    lines.push(`  Người ký: ${s.signer?.commonName ?? '(không rõ)'}${s.signer?.organization ? ` — ${s.signer.organization}` : ''}`);
    lines.push(`  Thời điểm ký: ${s.signingTime ?? '(không rõ)'}${s.signingTimeSource === 'timestamp' ? ' (theo dấu thời gian)' : s.signingTimeSource === 'pdf' ? ' (tự khai báo)' : ''}`);
    lines.push(`  Định dạng: ${s.subFilter ?? '(không rõ)'}${s.level ? `, PAdES ${s.level}` : ''}`);
    lines.push(`  Toàn vẹn: ${INTEGRITY_VI[s.integrity]}${s.coversWholeFile ? ' (bao phủ toàn bộ tệp)' : ''}`);
    lines.push(`  Chứng thư số: ${CHAIN_VI[s.chain]}`);
    lines.push(`  Thu hồi: ${REVOCATION_VI[s.revocation]}`);
    lines.push(`  Thay đổi sau khi ký: ${CHANGES_VI[s.changesAfter]}`);
    if (s.timestamp) lines.push(`  Dấu thời gian: ${s.timestamp.time} (${s.timestamp.valid ? 'hợp lệ' : 'không hợp lệ'}, ${s.timestamp.tsaName ?? '?'})`);
    for (const d of s.changeDetails) lines.push(`    · ${d}`);
    for (const e of s.reasons) lines.push(`  ! ${e.message} [${e.code}]`);
    for (const e of s.warnings) lines.push(`  ? ${e.message} [${e.code}]`);
    lines.push(`  => ${STATUS_VI[s.status].replace(/^./, (c) => c.toUpperCase())}`, '');
  });
  return `${lines.join('\n')}\n`;
}
