import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PushedEvent, ServerToClientEvents } from '../../server/realtime/events';
import type { Inbox } from './api/types';
import { useSession } from './session';
import { useToast } from './ui/toasts';
import { eventText } from './realtime-text';

interface Live {
  inbox: Inbox | null;
  unread: number;
  connected: boolean;
  /** Bumped on every pushed event: pages showing a document reload when it changes. */
  tick: number;
  refresh(): Promise<void>;
  markAllRead(): void;
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
export function LiveProvider({ children }: { children: ReactNode }) {
  const { api, token } = useSession();
  const notify = useToast();
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [unread, setUnread] = useState(0);
  const [connected, setConnected] = useState(false);
  const [tick, setTick] = useState(0);
  const socketRef = useRef<Socket<ServerToClientEvents, ClientToServerEvents> | null>(null);
  const lastId = useRef(0);
  const lastToast = useRef<{ key: string; at: number }>({ key: '', at: 0 });

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
    socket.on('event', (event: PushedEvent, ack?: () => void) => {
      ack?.();
      if (event.id <= lastId.current) return;
      lastId.current = event.id;
      sessionStorage.setItem(sinceKey(token), String(event.id));
      // One action often pushes several events about one subject (new work and its inbox entry): one toast.
      const p = event.payload as { documentId?: string; dossierId?: string };
      const key = p.dossierId ?? p.documentId ?? String(event.id);
      const now = Date.now();
      if (key !== lastToast.current.key || now - lastToast.current.at > 3000) notify(eventText(event));
      lastToast.current = { key, at: now };
      setTick((t) => t + 1);
      void refresh();
    });
    socket.on('unread', ({ unread: count }) => setUnread(count));
    return () => {
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

  const value = useMemo(() => ({ inbox, unread, connected, tick, refresh, markAllRead }), [inbox, unread, connected, tick, refresh, markAllRead]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
