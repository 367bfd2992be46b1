/**
 * Organisation identifier codes (domain.md §1). Stored as opaque strings: the hierarchy lives in
 * parent links, never in the code, because the 2025 reform moved communes under provinces.
 */
const QCVN_102 = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
// Decision 20/2020: upper-case letters and digits in dot-separated groups, at most 35 characters,
// read left to right from the level-1 body (the same `AXX` as in QCVN 102: G22, H37…).
const DECISION_20 = /^[A-Z]\d{2}(\.[A-Z0-9]+)*$/;

export type OrgCodeFormat = 'qcvn102' | 'decision20';

export function orgCodeFormat(code: string): OrgCodeFormat | null {
  if (QCVN_102.test(code)) return 'qcvn102';
  // A string shaped like the QCVN form but wrong (e.g. "000.00.00.H5") must not slip through as Decision 20.
  if (/^\d{3}\.\d{2}\.\d{2}\./.test(code)) return null;
  if (code.length <= 35 && DECISION_20.test(code)) return 'decision20';
  return null;
}

export const isValidOrgCode = (code: string): boolean => orgCodeFormat(code) !== null;

export const LEVELS = ['central', 'province', 'district', 'commune'] as const;
export type OrgLevel = (typeof LEVELS)[number];

export const levelRank = (level: OrgLevel): number => LEVELS.indexOf(level);

export const levelNames: Record<OrgLevel, string> = {
  central: 'Trung ương',
  province: 'Tỉnh',
  district: 'Huyện',
  commune: 'Xã',
};

/**
 * A child sits at a lower level than its parent (a commune may sit directly under a province).
 * One exception, from how the State is organised: specialised agencies of a ministry or of a
 * provincial People's Committee (tổng cục, sở) belong to the same level as the body they serve,
 * so central and provincial bodies may have children of their own level.
 */
export function mayNestUnder(child: OrgLevel, parent: OrgLevel): boolean {
  const c = levelRank(child);
  const p = levelRank(parent);
  return c > p || (c === p && (parent === 'central' || parent === 'province'));
}
