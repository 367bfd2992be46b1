import { timedSync } from '../shared/phase-timing';
import type { StoredNotification } from './notifications.repository';

/** Receives notifications after their transaction has committed; the Socket.IO layer implements it. */
export interface NotificationPublisher {
  publish(notifications: StoredNotification[]): void;
}

/** Fans committed notifications out to any number of listeners (socket server, tests). */
export class LocalPublisher implements NotificationPublisher {
  private readonly listeners = new Set<(n: StoredNotification[]) => void>();

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
