const tz = 'Asia/Ho_Chi_Minh';

/** 23/11/2026 */
export function dateVn(iso: string | null | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso.split('-').reverse().join('/');
  return new Date(iso).toLocaleDateString('vi-VN', { timeZone: tz, day: '2-digit', month: '2-digit', year: 'numeric' });
}

/** 14:05 23/11/2026 */
export function dateTimeVn(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.toLocaleTimeString('vi-VN', { timeZone: tz, hour: '2-digit', minute: '2-digit' })} ${dateVn(iso)}`;
}

/** Today's calendar day in Vietnam, YYYY-MM-DD (the API's date format). */
export function todayIso(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export const ROLE_NAMES: Record<string, string> = { lead: 'Chủ trì', coordinate: 'Phối hợp', inform: 'Để biết' };
export const USER_ROLE_NAMES: Record<string, string> = { clerk: 'Văn thư', leader: 'Lãnh đạo', official: 'Chuyên viên', admin: 'Quản trị' };
