import type { PushedEvent } from '../../server/contract/events';

/** The preference (personal account) that governs each kind of live event; events not listed always show. */
const KIND_OF: Record<string, string> = {
  'inbox:new': 'inbox',
  'document:recalled': 'inbox',
  'assignment:new': 'assignments',
  'assignment:updated': 'assignments',
  'dossier:changed': 'assignments',
  'deadline:due': 'deadlines',
  'document:status': 'delivery',
  'document:delivered': 'delivery',
  'announcement:new': 'announcements',
};

/** True when the user wants a toast for this event (unset preferences mean yes). */
export function wantsToast(event: PushedEvent, prefs: Record<string, boolean> | undefined): boolean {
  const kind = KIND_OF[event.type];
  return !kind || prefs?.[kind] !== false;
}
