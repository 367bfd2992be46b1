export { DOC_TYPES, DOC_TYPE_CODES } from '../contract/codes';

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
