import { z } from 'zod';

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

const yearOf = (iso: string) => Number(iso.slice(0, 4));

/**
 * A calendar day `YYYY-MM-DD` in the years an administrative document can carry: year 0 or 9999
 * are typing slips (and year 0 does not exist for PostgreSQL).
 */
export const calendarDate = (message: string) =>
  z.iso.date(message).refine((d) => yearOf(d) >= MIN_YEAR && yearOf(d) <= MAX_YEAR, { message: `Năm phải trong khoảng ${MIN_YEAR}–${MAX_YEAR}` });

export const calendarDateTime = (message: string) =>
  z.iso.datetime({ offset: true, message }).refine((d) => yearOf(d) >= MIN_YEAR && yearOf(d) <= MAX_YEAR, { message: `Năm phải trong khoảng ${MIN_YEAR}–${MAX_YEAR}` });
