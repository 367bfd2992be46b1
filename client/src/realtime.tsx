import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PushedEvent, ServerToClientEvents } from '../../server/contract/events';
import type { Inbox } from './api/types';
import { useSession } from './session';
import { useToast } from './ui/toasts';
import { wantsToast } from './notification-kinds';
import { burstText, reachedBy } from './realtime-text';

const BURST_MS = 250;

interface Live {
  inbox: Inbox | null;
  unread: number;
  connected: boolean;
  /** Bumped on every burst of pushed events: pages showing a document reload when it changes. */
  tick: number;
  /** Recipient agencies (by code) a document of ours has reached, as `document:delivered` and `document:status` events report them live. */
  arrivedAt(documentId: string): number;
  refresh(): Promise<void>;
  markAllRead(): void;
  /** The count as the notification history last reported it. */
  setUnread(count: number): void;
}

const LiveContext = createContext<Live | null>(null);

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('LiveProvider missing');
  return live;
}

const sinceKey = (token: string) => `vanban.since.${token.slice(-12)}`;

/**
 * The inbox and its live updates. Socket.IO pushes events (each acknowledged, the last id kept so a
 * reconnection replays what was missed); when the socket is down the inbox is re-read on focus and
 * every 30 seconds, so the screens still work without it.
 */
/**
 * One action often pushes several events about one subject (new work and its inbox entry): one toast
 * for them. Delivery reports are all kept: `burstText` counts their recipients.
 */
function onePerSubject(events: PushedEvent[]): PushedEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    if (event.type === 'document:status' || event.type === 'document:delivered') return true;
    const p = event.payload as { documentId?: string; dossierId?: string };
    const key = p.dossierId ?? (p.documentId || String(event.id));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const { api, token, user } = useSession();
  const notify = useToast();
  // Read at flush time, so a change saved in the personal account applies to the open socket.
  const prefs = useRef(user?.notificationPrefs);
  prefs.current = user?.notificationPrefs;
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [unread, setUnread] = useState(0);
  const [connected, setConnected] = useState(false);
  const [tick, setTick] = useState(0);
  const socketRef = useRef<Socket<ServerToClientEvents, ClientToServerEvents> | null>(null);
  const lastId = useRef(0);
  const arrived = useRef(new Map<string, Set<string>>());
  const arrivedAt = useCallback((documentId: string) => arrived.current.get(documentId)?.size ?? 0, []);

  const refresh = useCallback(async () => {
    try {
      const next = await api.get<Inbox>('/inbox');
      setInbox(next);
      setUnread(next.unread);
    } catch {
      // The next event, focus or poll retries; the screens show the last inbox meanwhile.
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (!token) return;
    const stored = Number(sessionStorage.getItem(sinceKey(token)));
    lastId.current = Number.isSafeInteger(stored) ? stored : 0;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      // A function, so that each reconnection sends the current `since`.
      auth: (cb) => cb(lastId.current > 0 ? { token, since: lastId.current } : { token }),
    });
    socketRef.current = socket;
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    // A document issued to a thousand agencies brings its delivery reports (and later status changes) in a burst:
    // they are gathered for a moment and shown as one toast, one inbox reload and one page refresh.
    let burst: PushedEvent[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      flushTimer = null;
      const events = onePerSubject(burst).filter((e) => wantsToast(e, prefs.current));
      burst = [];
      for (const line of burstText(events)) notify(line);
      setTick((t) => t + 1);
      void refresh();
    };
    socket.on('event', (event: PushedEvent, ack?: () => void) => {
      ack?.();
      if (event.id <= lastId.current) return;
      lastId.current = event.id;
      sessionStorage.setItem(sinceKey(token), String(event.id));
      if (event.type === 'document:status' || event.type === 'document:delivered') {
        const p = event.payload;
        let orgs = arrived.current.get(p.documentId);
        if (!orgs) arrived.current.set(p.documentId, (orgs = new Set()));
        for (const code of reachedBy(event)) orgs.add(code);
      }
      burst.push(event);
      flushTimer ??= setTimeout(flush, BURST_MS);
    });
    socket.on('unread', ({ unread: count }) => setUnread(count));
    return () => {
      if (flushTimer) clearTimeout(flushTimer);
      socket.disconnect();
      socketRef.current = null;
    };
  }, [token, notify, refresh]);

  useEffect(() => {
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    const poll = connected ? null : setInterval(onFocus, 30_000);
    return () => {
      window.removeEventListener('focus', onFocus);
      if (poll) clearInterval(poll);
    };
  }, [refresh, connected]);

  const markAllRead = useCallback(() => {
    if (lastId.current > 0) socketRef.current?.emit('read', { upToId: lastId.current }, (c) => setUnread(c.unread));
  }, []);

  const value = useMemo(() => ({ inbox, unread, connected, tick, arrivedAt, refresh, markAllRead, setUnread }), [inbox, unread, connected, tick, arrivedAt, refresh, markAllRead]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
