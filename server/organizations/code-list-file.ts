import { AppError } from '../shared/errors';
import type { OrgLevel } from './org-code';

/** One line of the national code list as read from the file, before validation. */
export interface CodeListLine {
  line: number;
  code: string;
  name: string;
  abbreviation: string;
  level: string;
  parentCode: string;
}

const LEVEL_WORDS: Record<string, OrgLevel> = {
  central: 'central', 'trung ương': 'central', tw: 'central', '1': 'central',
  province: 'province', tỉnh: 'province', 'cấp tỉnh': 'province', '2': 'province',
  district: 'district', huyện: 'district', 'cấp huyện': 'district', '3': 'district',
  commune: 'commune', xã: 'commune', 'cấp xã': 'commune', '4': 'commune',
};

/** Level as written in the file: the API's English names, the Vietnamese ones, or 1–4. */
export const readLevel = (text: string): OrgLevel | undefined => LEVEL_WORDS[text.trim().toLowerCase().normalize('NFC')];

// Column names accepted in a CSV header: the API's, and the Vietnamese ones of the published lists.
const COLUMNS: Record<string, keyof Omit<CodeListLine, 'line'>> = {
  code: 'code', 'mã': 'code', 'mã định danh': 'code', ma: 'code', ma_dinh_danh: 'code',
  name: 'name', 'tên': 'name', 'tên cơ quan': 'name', ten: 'name', ten_co_quan: 'name',
  abbreviation: 'abbreviation', 'viết tắt': 'abbreviation', viet_tat: 'abbreviation',
  level: 'level', 'cấp': 'level', cap: 'level',
  parentcode: 'parentCode', parent: 'parentCode', 'mã cấp trên': 'parentCode', ma_cap_tren: 'parentCode',
};

/** RFC 4180 fields: quotes around fields holding the separator, doubled quotes inside. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const sep = (text.split('\n', 1)[0].match(/;/g)?.length ?? 0) > (text.split('\n', 1)[0].match(/,/g)?.length ?? 0) ? ';' : ',';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const MAX_LINES = 5000;

/** Reads a JSON array (or `{ items: [...] }`) or a CSV with a header line; lines are numbered as the user sees them. */
export function readCodeList(content: string): CodeListLine[] {
  const text = content.replace(/^\uFEFF/, '').trim();
  if (!text) throw new AppError('INVALID_IMPORT_FILE', 'Tệp danh mục mã định danh trống');
  let lines: CodeListLine[];
  if (text.startsWith('[') || text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppError('INVALID_IMPORT_FILE', 'Tệp JSON không đọc được: kiểm tra dấu ngoặc và dấu phẩy');
    }
    const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown }).items;
    if (!Array.isArray(items)) throw new AppError('INVALID_IMPORT_FILE', 'Tệp JSON cần là một mảng, hoặc có trường "items" là mảng');
    const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
    lines = items.map((item, i) => {
      const o = (item ?? {}) as Record<string, unknown>;
      return { line: i + 1, code: str(o.code), name: str(o.name), abbreviation: str(o.abbreviation), level: str(o.level), parentCode: str(o.parentCode) };
    });
  } else {
    const rows = csvRows(text);
    const header = rows[0].map((h) => COLUMNS[h.trim().toLowerCase().normalize('NFC')]);
    for (const needed of ['code', 'name', 'level'] as const) {
      if (!header.includes(needed)) throw new AppError('INVALID_IMPORT_FILE', `Dòng tiêu đề của tệp CSV thiếu cột "${needed}" (mã, tên, cấp là bắt buộc)`);
    }
    lines = rows.slice(1).flatMap((cells, i) => {
      if (cells.every((c) => c.trim() === '')) return [];
      const line: CodeListLine = { line: i + 2, code: '', name: '', abbreviation: '', level: '', parentCode: '' };
      header.forEach((key, col) => {
        if (key) line[key] = (cells[col] ?? '').trim();
      });
      return [line];
    });
  }
  if (lines.length === 0) throw new AppError('INVALID_IMPORT_FILE', 'Tệp không có dòng dữ liệu nào');
  if (lines.length > MAX_LINES) throw new AppError('INVALID_IMPORT_FILE', `Mỗi lần nhập tối đa ${MAX_LINES} dòng; hãy chia nhỏ tệp`);
  return lines;
}

/** An abbreviation when the list has none: "Ủy ban nhân dân …" is UBND (as in symbols), else the initials. */
export function defaultAbbreviation(name: string): string {
  if (/^(Ủy|Uỷ) ban nhân dân/iu.test(name)) return 'UBND';
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => w[0].toUpperCase())
    .join('');
  return initials.replace(/[^\p{Lu}0-9]/gu, '') || 'CQ';
}
