import type { PushedEvent } from '../../server/contract/events';

const reasons: Record<string, string> = {
  arrived: 'Văn bản điện tử mới đến',
  submitted: 'Văn bản mới được trình',
  assigned: 'Văn bản mới được giao',
  forwarded: 'Văn bản được chuyển đến',
  returned: 'Văn bản bị trả lại',
  ready_to_issue: 'Văn bản đã ký, chờ phát hành',
  consulted: 'Được xin ý kiến về dự thảo',
  opinion: 'Có ý kiến góp ý dự thảo',
};

/** One line for the toast: what happened, to which document. Exhaustive: a new event type does not compile until it has its text. */
export function eventText(event: PushedEvent): string {
  const p = event.payload;
  const what = p.symbol ? `${p.symbol} — ${p.subject}` : p.subject;
  switch (event.type) {
    case 'inbox:new':
      return `${reasons[event.payload.reason] ?? 'Văn bản mới'}: ${what}`;
    case 'document:status':
      return `${event.payload.orgName}: ${event.payload.statusText} (${what})`;
    case 'document:delivered': {
      const [only, ...more] = event.payload.deliveries;
      return more.length === 0 && only ? `${only.orgName}: ${event.payload.statusText} (${what})` : `${what}: ${event.payload.deliveries.length} nơi nhận — ${event.payload.statusText}`;
    }
    case 'assignment:new':
      return `Nhiệm vụ mới: ${what}`;
    case 'assignment:updated':
      return `Cập nhật tiến độ (${event.payload.percent}%): ${what}`;
    case 'deadline:due':
      return `${event.payload.overdue ? 'Quá hạn xử lý' : 'Sắp đến hạn xử lý'}: ${what}`;
    case 'document:recalled':
      return `Văn bản bị thu hồi: ${what}`;
    case 'dossier:changed':
      return `Hồ sơ "${event.payload.title}": ${event.payload.action} (${event.payload.by})`;
    case 'announcement:new':
      return `Thông báo nội bộ: ${event.payload.title}`;
    default:
      return unknownEvent(event);
  }
}

type DeliveryReport = PushedEvent<'document:status'> | PushedEvent<'document:delivered'>;
const isDeliveryReport = (event: PushedEvent): event is DeliveryReport => event.type === 'document:status' || event.type === 'document:delivered';

/** The recipient agencies (by code) a delivery report is about. */
export function reachedBy(event: DeliveryReport): string[] {
  return event.type === 'document:delivered' ? event.payload.deliveries.map((d) => d.orgCode) : [event.payload.orgCode];
}

/**
 * The toasts for a burst of events: each on its own when there are few; otherwise the delivery
 * reports of one document become one line ("đã đến 350 nơi nhận") and the rest a count.
 */
export function burstText(events: PushedEvent[], max = 3): string[] {
  if (events.length <= max) return events.map(eventText);
  const lines: string[] = [];
  const statuses = new Map<string, { what: string; statusText: string; orgs: Set<string> }>();
  let others = 0;
  for (const event of events) {
    if (!isDeliveryReport(event)) {
      others += 1;
      continue;
    }
    const p = event.payload;
    const key = `${p.documentId}|${p.status}`;
    let group = statuses.get(key);
    if (!group) statuses.set(key, (group = { what: p.symbol ? `${p.symbol} — ${p.subject}` : p.subject, statusText: p.statusText, orgs: new Set() }));
    for (const code of reachedBy(event)) group.orgs.add(code);
  }
  for (const g of statuses.values()) lines.push(`${g.what}: ${g.orgs.size} nơi nhận — ${g.statusText}`);
  if (others > 0) lines.push(others === 1 ? eventText(events.find((e) => !isDeliveryReport(e))!) : `${others} thông báo mới`);
  return lines;
}

/** Reached only by an event type the switch above forgets: `event` is `never` there, so that does not compile. */
function unknownEvent(event: never): string {
  return `Thông báo mới: ${(event as PushedEvent).payload.subject}`;
}
