import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readCommandLine } from '../../signing/cli/command-line';
import { DEFAULT_LIMITS, isEdxmlError, readEdxml, type EdxmlMessage } from '../exchange/edxml';

const USAGE = `Cách dùng:
  vanban edxml validate TỆP.edxml          Kiểm tra gói tin edXML (QCVN 102:2016), in tóm tắt
  vanban edxml unpack TỆP.edxml -o THƯ_MỤC  Giải gói: header.json và các tệp đính kèm nguyên vẹn
  --json   In tóm tắt dạng JSON
Mã thoát: 0 = hợp lệ; 1 = gói tin bị từ chối (in mã lỗi); 2 = sai tham số hoặc không đọc được tệp.
`;

const parse = (argv: string[]) =>
  parseArgs({ args: argv, allowPositionals: true, options: { output: { type: 'string', short: 'o' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });

function summary(msg: EdxmlMessage): object {
  if (msg.kind === 'status') return { kind: 'status', ...msg.status };
  return {
    kind: 'package',
    ...msg.header,
    attachments: msg.attachments.map(({ contentId, attachmentName, contentType, size, sha256 }) => ({ contentId, attachmentName, contentType, size, sha256 })),
  };
}

function describe(msg: EdxmlMessage): string {
  if (msg.kind === 'status') {
    return `Thông điệp trạng thái ${msg.status.statusCode} từ ${msg.status.from.organId} về văn bản ${msg.status.responseFor.documentId}\n`;
  }
  const m = msg.header.message;
  const lines = [
    `Gói tin edXML hợp lệ: ${m.documentId}`,
    `  Từ: ${m.from.organName} (${m.from.organId})`,
    `  Đến: ${m.to.map((t) => `${t.organName} (${t.organId})`).join('; ')}`,
    `  Số, ký hiệu: ${m.codeNumber}/${m.codeNotation}, ngày ${m.promulgationDate}`,
    `  Trích yếu: ${m.subject}`,
    `  Nghiệp vụ: ${['mới', 'thu hồi', 'cập nhật', 'thay thế'][msg.header.business.docType]}`,
    ...msg.attachments.map((a) => `  Đính kèm: ${a.attachmentName} (${a.contentType}, ${a.size} byte, SHA-256 ${a.sha256})`),
  ];
  return `${lines.join('\n')}\n`;
}

/** `vanban edxml validate|unpack`: the same streaming reader the server uses, with its hostile-input checks. */
export async function runEdxmlCommand(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const parsed = readCommandLine(() => parse(argv), USAGE, out, err);
  if (typeof parsed === 'number') return parsed;
  const [action, file, ...rest] = parsed.positionals;
  if (!['validate', 'unpack'].includes(action) || !file || rest.length || (action === 'unpack' && !parsed.values.output)) {
    err.write(USAGE);
    return 2;
  }
  if (!fs.existsSync(file)) {
    err.write(`Không đọc được tệp ${file}\n`);
    return 2;
  }
  const work = action === 'unpack' ? path.resolve(parsed.values.output!) : fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-edxml-'));
  fs.mkdirSync(work, { recursive: true });
  let msg: EdxmlMessage;
  try {
    msg = await readEdxml(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), work, DEFAULT_LIMITS);
  } catch (e) {
    if (action === 'validate') fs.rmSync(work, { recursive: true, force: true });
    if (!isEdxmlError(e)) throw e;
    err.write(`Gói tin bị từ chối [${e.code}]: ${e.message}${e.detail ? ` (${e.detail})` : ''}\n`);
    return 1;
  }
  if (action === 'validate') {
    fs.rmSync(work, { recursive: true, force: true });
  } else {
    // The reader's own folder holds the files under neutral names; give them their names beside header.json.
    const used = new Set<string>(['header.json']);
    if (msg.kind === 'package') {
      for (const a of msg.attachments) {
        const ext = path.extname(a.attachmentName);
        let name = a.attachmentName;
        for (let i = 2; used.has(name); i += 1) name = `${path.basename(a.attachmentName, ext)} (${i})${ext}`;
        used.add(name);
        fs.renameSync(a.path, path.join(work, name));
        a.path = path.join(work, name);
      }
    }
    fs.writeFileSync(path.join(work, 'header.json'), `${JSON.stringify(summary(msg), null, 2)}\n`);
    fs.rmSync(msg.dir, { recursive: true, force: true });
  }
  out.write(parsed.values.json ? `${JSON.stringify(summary(msg), null, 2)}\n` : describe(msg));
  return 0;
}
