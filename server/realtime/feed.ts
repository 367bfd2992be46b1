import type { PushedEvent } from '../contract/events';

/** How a feed reaches its socket: `onAck` runs when the client acknowledges the event. */
export type SendEvent = (event: PushedEvent, onAck: () => void) => void;

/** Loads the committed notifications of the feed's user after an id, oldest first, a page at a time. */
export type LoadAfter = (afterId: number) => Promise<PushedEvent[]>;

// Ids sent above the floor are remembered to drop duplicates; past this many the oldest half is
// folded into the floor, so a socket's memory stays bounded however long it lives.
const MAX_REMEMBERED = 4096;

/**
 * The event stream of one socket: exactly once, in id order. Live events arriving while the
 * missed ones are replayed from the database are held back and released after them, minus any
 * the replay already sent.
 */
export class NotificationFeed {
  /** Every id up to the floor is already with the client (it said so with `since`, or it acked). */
  private floor: number;
  private readonly sentAboveFloor = new Set<number>();
  private held: PushedEvent[] | null = null;
  private closed = false;
  private acked: number;

  constructor(
    private readonly send: SendEvent,
    since: number,
    private readonly onAcked: (id: number) => void = () => undefined,
  ) {
    this.floor = since;
    this.acked = since;
  }

  get lastAcked(): number {
    return this.acked;
  }

  /** Live events, already committed. */
  offer(events: readonly PushedEvent[]): void {
    if (this.closed) return;
    if (this.held) this.held.push(...events);
    else for (const event of events) this.deliver(event);
  }

  /**
   * Sends what the client missed since its floor, then whatever arrived live meanwhile. The feed
   * must already receive live events (be registered) when this starts, or a commit landing between
   * the database read and the registration would be lost.
   */
  async replay(load: LoadAfter): Promise<void> {
    this.held ??= [];
    try {
      let after = this.floor;
      for (;;) {
        const page = await load(after);
        if (this.closed || page.length === 0) break;
        for (const event of page) this.deliver(event);
        after = page[page.length - 1].id;
      }
    } finally {
      const held = (this.held ?? []).sort((a, b) => a.id - b.id);
      this.held = null;
      for (const event of held) this.deliver(event);
    }
  }

  close(): void {
    this.closed = true;
    this.held = null;
  }

  private alreadySent(id: number): boolean {
    return id <= this.floor || this.sentAboveFloor.has(id);
  }

  private deliver(event: PushedEvent): void {
    if (this.closed || this.alreadySent(event.id)) return;
    this.sentAboveFloor.add(event.id);
    if (this.sentAboveFloor.size > MAX_REMEMBERED) this.foldOldest();
    this.send(event, () => {
      if (event.id <= this.acked) return;
      this.acked = event.id;
      this.onAcked(event.id);
    });
  }

  private foldOldest(): void {
    const ids = [...this.sentAboveFloor].sort((a, b) => a - b);
    for (const id of ids.slice(0, ids.length / 2)) {
      this.sentAboveFloor.delete(id);
      this.floor = Math.max(this.floor, id);
    }
  }
}
