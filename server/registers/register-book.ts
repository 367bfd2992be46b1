import type { Knex } from 'knex';
import { secrecyNames, urgencyNames, type Secrecy, type Urgency } from '../contract/codes';
import { DOC_TYPES, formatNumber } from './symbol';
import { followUpEntries, incomingEntries, outgoingEntries } from './register-book.repository';
import type { RegisterRow } from './registers.repository';
import type { RegisterBook } from './register-book-view';

export type { RegisterBook };


const dateVn = (d: Date | string | null): string => {
  if (!d) return '';
  const date = typeof d === 'string' ? new Date(`${d.slice(0, 10)}T00:00:00+07:00`) : d;
  const local = new Date(date.getTime() + 7 * 3_600_000);
  return `${String(local.getUTCDate()).padStart(2, '0')}/${String(local.getUTCMonth() + 1).padStart(2, '0')}/${local.getUTCFullYear()}`;
};
const typeAndSubject = (docType: string, subject: string) => `${DOC_TYPES[docType] ?? docType}: ${subject}`;
const notes = (secrecy: Secrecy, urgency?: Urgency) => [secrecy !== 'normal' ? secrecyNames[secrecy] : '', urgency && urgency !== 'normal' ? urgencyNames[urgency] : ''].filter(Boolean).join(', ');

export const INCOMING_COLUMNS = ['Ngày đến', 'Số đến', 'Tác giả', 'Số, ký hiệu', 'Ngày tháng', 'Tên loại và trích yếu nội dung', 'Đơn vị hoặc người nhận', 'Ngày chuyển', 'Ký nhận', 'Ghi chú'];
export const OUTGOING_COLUMNS = ['Số, ký hiệu văn bản', 'Ngày tháng văn bản', 'Tên loại và trích yếu nội dung', 'Người ký', 'Nơi nhận văn bản', 'Đơn vị, người nhận bản lưu', 'Số lượng bản', 'Ngày chuyển', 'Ký nhận', 'Ghi chú'];
export const FOLLOW_UP_COLUMNS = ['Số đến', 'Tác giả, số ký hiệu, trích yếu', 'Người/đơn vị xử lý', 'Thời hạn giải quyết', 'Tiến độ giải quyết', 'Số, ký hiệu văn bản trả lời', 'Ghi chú'];

export async function buildRegisterBook(db: Knex, register: RegisterRow, organization: string, from: Date, to: Date, period: string): Promise<RegisterBook> {
  if (register.kind === 'incoming') {
    const rows = await incomingEntries(db, register.id, from, to);
    return {
      title: register.name.toUpperCase(),
      organization,
      period,
      columns: INCOMING_COLUMNS,
      widths: [7, 5, 14, 10, 7, 22, 12, 7, 7, 9],
      rows: rows.map((r) => [dateVn(r.arrival_at), formatNumber(r.arrival_number), r.issuer_name ?? '', r.symbol ?? '', dateVn(r.issued_date), typeAndSubject(r.doc_type, r.subject), r.lead_name ?? '', dateVn(r.transferred_at), '', [r.source === 'electronic' ? 'Điện tử' : 'Giấy', notes(r.secrecy, r.urgency)].filter(Boolean).join(', ')]),
    };
  }
  const rows = await outgoingEntries(db, register.id, from, to);
  return {
    title: register.name.toUpperCase(),
    organization,
    period,
    columns: OUTGOING_COLUMNS,
    widths: [10, 7, 22, 11, 16, 10, 5, 7, 6, 8],
    rows: rows.map((r) => [r.symbol ?? '', dateVn(r.issued_date), typeAndSubject(r.doc_type, r.subject), r.signer_name ?? '', r.recipient_names ?? '', r.unit_name ?? '', String((r.recipient_codes?.length ?? 0) + 1), dateVn(r.issued_at), '', [r.status === 'recalled' ? 'Đã thu hồi' : '', notes(r.secrecy)].filter(Boolean).join(', ')]),
  };
}

export async function buildFollowUpBook(db: Knex, organizationId: string, organization: string, from: Date, to: Date, period: string): Promise<RegisterBook> {
  const rows = await followUpEntries(db, organizationId, from, to);
  const progress = (r: { status: string; percent: number; overdue: boolean; completed_at: Date | null }) =>
    r.status === 'completed' ? `Hoàn thành ${dateVn(r.completed_at)}` : `${r.percent}%${r.overdue ? ' — quá hạn' : ''}`;
  return {
    title: 'SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN',
    organization,
    period,
    columns: FOLLOW_UP_COLUMNS,
    widths: [6, 30, 14, 10, 14, 12, 14],
    rows: rows.map((r) => [r.arrival_number ? formatNumber(r.arrival_number) : '', `${r.issuer_name ?? ''}, ${r.symbol ?? ''}: ${r.subject}`, `${r.assignee_name ?? ''}${r.role === 'lead' ? ' (chủ trì)' : ' (phối hợp)'}`, dateVn(r.deadline), progress(r), r.reply_symbols ?? '', r.result ?? '']),
  };
}
