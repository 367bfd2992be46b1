import { timedSync } from '../shared/phase-timing';
import type { NotificationPublisher, StoredNotification } from '../shared/unit-of-work';
import { insertNotificationBatch, insertNotifications } from './notifications.repository';

/**
 * The units of work's notifications: rows in `notifications` written in their transaction, then, once
 * it commits, fanned out to any number of listeners (socket server, tests).
 */
export class LocalPublisher implements NotificationPublisher {
  private readonly listeners = new Set<(n: StoredNotification[]) => void>();

  readonly store = insertNotifications;
  readonly storeEach = insertNotificationBatch;

  publish(notifications: StoredNotification[]): void {
    if (notifications.length === 0) return;
    timedSync('realtime: hand to sockets', () => {
      for (const listener of this.listeners) listener(notifications);
    });
  }

  subscribe(listener: (n: StoredNotification[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
