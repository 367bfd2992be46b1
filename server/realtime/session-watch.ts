import type { Knex } from 'knex';
import { liveSessionIds } from '../auth/sessions.repository';
import type { Logger } from 'pino';

// setTimeout fires at once beyond 2^31-1 ms; longer waits re-arm themselves.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `onExpired` when the session's token expires; returns a cancel function. */
export function watchExpiry(expiresAt: Date, onExpired: () => void, now: () => number = Date.now): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = expiresAt.getTime() - now();
    if (left <= 0) return onExpired();
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}

/** Sessions among `ids` that can no longer be used: revoked, expired or gone. */
export async function findEndedSessions(db: Knex, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const alive = await liveSessionIds(db, ids);
  return ids.filter((id) => !alive.has(id));
}

/**
 * Logout disconnects its session's sockets directly; this sweep catches revocations made any
 * other way (an administrator revoking sessions, a direct database change).
 */
export function startRevocationSweep(opts: {
  db: Knex;
  everyMs: number;
  connectedSessions: () => string[];
  disconnect: (sessionId: string) => void;
  logger: Logger;
}): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const ids = [...new Set(opts.connectedSessions())];
      // Bounded batches keep the IN list reasonable with many thousands of sockets.
      for (let i = 0; i < ids.length; i += 1000) {
        for (const id of await findEndedSessions(opts.db, ids.slice(i, i + 1000))) opts.disconnect(id);
      }
    } catch (err) {
      opts.logger.warn({ err }, 'realtime session sweep failed');
    } finally {
      running = false;
    }
  }, opts.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
