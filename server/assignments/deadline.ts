import { z } from 'zod';
import { calendarDate, calendarDateTime } from '../shared/calendar-date';

/** A date (`2026-12-01`: the end of that day in Vietnam) or a full ISO date-time. */
export const deadlineSchema = z.union([calendarDate('Hạn xử lý phải là ngày YYYY-MM-DD'), calendarDateTime('Hạn xử lý phải là thời điểm ISO 8601')], { message: 'Hạn xử lý phải là ngày (YYYY-MM-DD) hoặc thời điểm ISO 8601' });

export function parseDeadline(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59+07:00`) : new Date(value);
}
