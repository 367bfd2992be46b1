/** Vietnam has one offset all year (UTC+07:00); every time shown or written uses it. */
const VN_OFFSET_MIN = 7 * 60;

function vnParts(d: Date): string[] {
  const t = new Date(d.getTime() + VN_OFFSET_MIN * 60_000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return [p(t.getUTCFullYear(), 4), p(t.getUTCMonth() + 1), p(t.getUTCDate()), p(t.getUTCHours()), p(t.getUTCMinutes()), p(t.getUTCSeconds())];
}

/** ISO 8601 as Decree 30 prescribes for visible text: 2019-03-20T10:00:00+07:00 */
export function isoVietnam(d: Date): string {
  const [y, mo, da, h, mi, s] = vnParts(d);
  return `${y}-${mo}-${da}T${h}:${mi}:${s}+07:00`;
}

/** PDF date string (ISO 32000-1 §7.9.4) with the Vietnam offset. */
export function pdfDate(d: Date): string {
  return `D:${vnParts(d).join('')}+07'00'`;
}
