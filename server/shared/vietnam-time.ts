import { AppError } from './errors';

/** Vietnam has used UTC+07:00 all year since 1975: no daylight saving to account for. */
const OFFSET_MS = 7 * 3_600_000;

export const vietnamYear = (at: Date): number => new Date(at.getTime() + OFFSET_MS).getUTCFullYear();

/** `YYYY-MM-DD` of the calendar day in Vietnam. */
export const vietnamDate = (at: Date): string => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** ISO 8601 with the +07:00 offset, as Decree 30 prescribes for visible signing times. */
export function vietnamIso(at: Date): string {
  const local = new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19);
  return `${local}+07:00`;
}

/** `ngày 05 tháng 3 năm 2026` — the date line of an administrative document. */
export function vietnamDateWords(at: Date): string {
  const d = new Date(at.getTime() + OFFSET_MS);
  const day = String(d.getUTCDate()).padStart(2, '0');
  const month = d.getUTCMonth() + 1;
  // Decree 30: days below 10 and months below 3 carry a leading zero.
  const monthText = month < 3 ? `0${month}` : String(month);
  return `ngày ${day} tháng ${monthText} năm ${d.getUTCFullYear()}`;
}

/** A period of whole Vietnamese days, `from` and `to` inclusive (YYYY-MM-DD), as [start, end). */
export function vietnamPeriod(from: string, to: string): { start: Date; end: Date; label: string } {
  const start = new Date(`${from}T00:00:00+07:00`);
  const end = new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000);
  if (end <= start) throw new AppError('VALIDATION_FAILED', 'Ngày kết thúc phải sau ngày bắt đầu');
  const fmt = (d: string) => d.split('-').reverse().join('/');
  return { start, end, label: `Từ ngày ${fmt(from)} đến ngày ${fmt(to)}` };
}
