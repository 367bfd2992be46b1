import type { PushedEvent } from '../../server/contract/events';
import { wantsToast } from '../../client/src/notification-kinds';

const event = (type: string) => ({ id: 1, type, payload: {}, createdAt: '' }) as unknown as PushedEvent;

describe('notification preferences decide the toasts', () => {
  it('silences only the kinds turned off; unset means shown', () => {
    const prefs = { announcements: false, delivery: true };
    expect(wantsToast(event('announcement:new'), prefs)).toBe(false);
    expect(wantsToast(event('document:status'), prefs)).toBe(true);
    expect(wantsToast(event('document:delivered'), { delivery: false })).toBe(false);
    expect(wantsToast(event('inbox:new'), prefs)).toBe(true);
    expect(wantsToast(event('deadline:due'), { deadlines: false })).toBe(false);
    expect(wantsToast(event('assignment:updated'), { assignments: false })).toBe(false);
    expect(wantsToast(event('announcement:new'), undefined)).toBe(true);
  });
});
