import { z } from 'zod';

/** A date (`2026-12-01`: the end of that day in Vietnam) or a full ISO date-time. */
export const deadlineSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { message: 'Hạn xử lý phải là ngày (YYYY-MM-DD) hoặc thời điểm ISO 8601' });

export function parseDeadline(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59+07:00`) : new Date(value);
}
