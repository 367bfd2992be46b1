import type { PushedEvent } from '../contract/events';
import type { NotificationFeed } from './feed';
import type { StoredNotification } from './notifications.repository';

/** The feeds of the sockets connected to this instance, by user. */
export class FeedRegistry {
  private readonly byUser = new Map<string, Set<NotificationFeed>>();

  add(userId: string, feed: NotificationFeed): () => void {
    let feeds = this.byUser.get(userId);
    if (!feeds) this.byUser.set(userId, (feeds = new Set()));
    feeds.add(feed);
    return () => {
      feeds.delete(feed);
      if (feeds.size === 0 && this.byUser.get(userId) === feeds) this.byUser.delete(userId);
    };
  }

  hasUser(userId: string): boolean {
    return this.byUser.has(userId);
  }

  /** Hands a committed batch to the feeds of its users; nobody else sees any of it. */
  deliver(batch: readonly StoredNotification[]): void {
    const perUser = new Map<string, PushedEvent[]>();
    for (const n of batch) {
      if (!this.byUser.has(n.userId)) continue;
      let events = perUser.get(n.userId);
      if (!events) perUser.set(n.userId, (events = []));
      const { userId: _user, ...event } = n;
      events.push(event as PushedEvent);
    }
    for (const [userId, events] of perUser) {
      events.sort((a, b) => a.id - b.id);
      for (const feed of this.byUser.get(userId) ?? []) feed.offer(events);
    }
  }
}
