/**
 * The last event id each session acknowledged on this instance. A client that reconnects with an
 * older `since` (it lost track, or acked just before the connection dropped) is not sent again
 * what it already confirmed. Bounded: the least recently touched sessions are forgotten first.
 */
export class AckMemory {
  private readonly bySession = new Map<string, number>();

  constructor(private readonly capacity = 50_000) {}

  record(sessionId: string, id: number): void {
    const previous = this.bySession.get(sessionId) ?? 0;
    this.bySession.delete(sessionId);
    this.bySession.set(sessionId, Math.max(previous, id));
    if (this.bySession.size > this.capacity) this.bySession.delete(this.bySession.keys().next().value!);
  }

  lastAcked(sessionId: string): number | undefined {
    return this.bySession.get(sessionId);
  }

  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
  }
}
