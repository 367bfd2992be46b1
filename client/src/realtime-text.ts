import type { PushedEvent } from '../../server/realtime/events';

const reasons: Record<string, string> = {
  arrived: 'Văn bản điện tử mới đến',
  submitted: 'Văn bản mới được trình',
  assigned: 'Văn bản mới được giao',
  forwarded: 'Văn bản được chuyển đến',
  returned: 'Văn bản bị trả lại',
  ready_to_issue: 'Văn bản đã ký, chờ phát hành',
};

/** One line for the toast: what happened, to which document. */
export function eventText(event: PushedEvent): string {
  const p = event.payload as PushedEvent['payload'] & Record<string, unknown>;
  const what = p.symbol ? `${p.symbol} — ${p.subject}` : p.subject;
  switch (event.type) {
    case 'inbox:new':
      return `${reasons[String(p.reason)] ?? 'Văn bản mới'}: ${what}`;
    case 'document:status':
      return `${String(p.orgName)}: ${String(p.statusText)} (${what})`;
    case 'assignment:new':
      return `Nhiệm vụ mới: ${what}`;
    case 'assignment:updated':
      return `Cập nhật tiến độ (${String(p.percent)}%): ${what}`;
    case 'deadline:due':
      return `${p.overdue ? 'Quá hạn xử lý' : 'Sắp đến hạn xử lý'}: ${what}`;
    case 'document:recalled':
      return `Văn bản bị thu hồi: ${what}`;
    case 'announcement:new':
      return `Thông báo nội bộ: ${String(p.title)}`;
    default:
      return `Thông báo mới: ${what}`;
  }
}
