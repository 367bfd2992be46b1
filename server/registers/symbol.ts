/** Document type abbreviations (Decree 30, appendix III). Công văn has none: `CV` is our API's name for it. */
export const DOC_TYPES: Record<string, string> = {
  NQ: 'Nghị quyết',
  QĐ: 'Quyết định',
  CT: 'Chỉ thị',
  QC: 'Quy chế',
  QyĐ: 'Quy định',
  TC: 'Thông cáo',
  TB: 'Thông báo',
  HD: 'Hướng dẫn',
  CTr: 'Chương trình',
  KH: 'Kế hoạch',
  PA: 'Phương án',
  ĐA: 'Đề án',
  DA: 'Dự án',
  BC: 'Báo cáo',
  BB: 'Biên bản',
  TTr: 'Tờ trình',
  HĐ: 'Hợp đồng',
  CĐ: 'Công điện',
  BGN: 'Bản ghi nhớ',
  BTT: 'Bản thỏa thuận',
  GUQ: 'Giấy ủy quyền',
  GM: 'Giấy mời',
  GGT: 'Giấy giới thiệu',
  GNP: 'Giấy nghỉ phép',
  PG: 'Phiếu gửi',
  PC: 'Phiếu chuyển',
  PB: 'Phiếu báo',
  CV: 'Công văn',
};

export const DOC_TYPE_CODES = Object.keys(DOC_TYPES) as [string, ...string[]];

/** Numbers below 10 carry a leading zero: 01, 02 … 09, 10. */
export const formatNumber = (n: number): string => String(n).padStart(2, '0');

export interface SymbolParts {
  number: number;
  docType: string;
  agencyAbbreviation: string;
  /** The drafting unit's abbreviation: a công văn's symbol is agency then unit (`12/UBND-VX`). */
  unitAbbreviation?: string | null;
  /** Legal normative documents add the year: `138/2020/NĐ-CP`. */
  year?: number | null;
}

/** Builds `Số: 05/QĐ-UBND` style number and symbol (without the `Số:` label). */
export function buildSymbol(p: SymbolParts): string {
  const number = formatNumber(p.number);
  const year = p.year ? `/${p.year}` : '';
  if (p.docType === 'CV') {
    return p.unitAbbreviation ? `${number}${year}/${p.agencyAbbreviation}-${p.unitAbbreviation}` : `${number}${year}/${p.agencyAbbreviation}`;
  }
  return `${number}${year}/${p.docType}-${p.agencyAbbreviation}`;
}
