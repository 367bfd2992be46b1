import type http from 'node:http';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import { authenticateToken } from '../auth/authenticate';
import { AckMemory } from './ack-memory';
import type { ClientToServerEvents, ServerToClientEvents } from '../contract/events';
import { NotificationFeed } from './feed';
import { FeedRegistry } from './feed-registry';
import { handshakeAuth, type Authenticate, type SocketSession } from './handshake';
import { countUnread, countUnreadByUser, listNotificationsSince, markRead, type StoredNotification } from './notifications.repository';
import type { LocalPublisher } from './publisher';
import { linkThroughRedis, type RedisLink } from './redis-link';
import { startRevocationSweep, watchExpiry } from './session-watch';

export interface RealtimeOptions {
  server: http.Server;
  db: Knex;
  publisher: LocalPublisher;
  logger: Logger;
  redisUrl?: string;
  /** How often connected sessions are re-checked for revocations made other than by logout. */
  revalidateEveryMs?: number;
  authenticate?: Authenticate;
}

/** Messages between instances, through the Redis adapter. */
interface InterServerEvents {
  'vanban:notifications': (batch: StoredNotification[]) => void;
  'vanban:unread': (counts: [string, number][]) => void;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketSession>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketSession>;

export interface Realtime {
  /** Disconnects every socket opened with this session's token (after logout), on every instance. */
  disconnectSession(sessionId: string): Promise<void>;
  close(): Promise<void>;
  /** The Socket.IO server itself, for measurements and diagnostics. */
  readonly io: RealtimeServer;
}

const REPLAY_PAGE = 1000;
const userRoom = (userId: string) => `user:${userId}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/**
 * The realtime inbox: authenticated Socket.IO connections on the API's own HTTP server, each fed
 * the committed notifications of its user exactly once and in order, replaying what it missed.
 */
export async function attachRealtime(opts: RealtimeOptions): Promise<Realtime> {
  const { db, logger } = opts;
  let closing = false;
  const io: RealtimeServer = new Server(opts.server, {
    serveClient: false,
    // Refused at the transport level while shutting down, so that clients retry (elsewhere or later).
    allowRequest: (_req, callback) => callback(closing ? 'shutting down' : null, !closing),
  });
  const redis: RedisLink | null = opts.redisUrl ? await linkThroughRedis(io, opts.redisUrl, logger) : null;
  const registry = new FeedRegistry();
  const acks = new AckMemory();

  io.use(handshakeAuth(db, opts.authenticate ?? authenticateToken, logger));
  io.on('connection', (socket) => onConnection(socket));

  function onConnection(socket: RealtimeSocket): void {
    const { session, since } = socket.data;
    const userId = session.actor.userId;
    void socket.join([userRoom(userId), sessionRoom(session.sessionId)]);
    // A reconnecting client is never sent again what this session already acknowledged here.
    const floor = since === null ? null : Math.max(since, acks.lastAcked(session.sessionId) ?? 0);
    const feed = new NotificationFeed(
      (event, onAck) => socket.emit('event', event, onAck),
      floor ?? 0,
      (id) => acks.record(session.sessionId, id),
    );
    const unregister = registry.add(userId, feed);
    const cancelExpiry = watchExpiry(session.expiresAt, () => socket.disconnect(true));
    socket.on('disconnect', () => {
      feed.close();
      unregister();
      cancelExpiry();
    });
    socket.on('read', (request, ack) => {
      const upToId = Number(request?.upToId);
      if (!Number.isSafeInteger(upToId) || upToId < 0) return;
      void (async () => {
        await markRead(db, userId, upToId);
        const unread = await countUnread(db, userId);
        io.to(userRoom(userId)).emit('unread', { unread });
        if (typeof ack === 'function') ack({ unread });
      })().catch((err: unknown) => logger.error({ err, userId }, 'realtime read failed'));
    });
    void (async () => {
      if (floor !== null) await feed.replay((after) => listNotificationsSince(db, userId, after, REPLAY_PAGE));
      socket.emit('unread', { unread: await countUnread(db, userId) });
    })().catch((err: unknown) => {
      logger.error({ err, userId }, 'realtime replay failed');
      // A transport close (not a Socket.IO disconnect) makes the client reconnect and replay again.
      socket.conn.close();
    });
  }

  function emitUnreadLocally(counts: Iterable<[string, number]>): void {
    for (const [userId, unread] of counts) {
      if (registry.hasUser(userId)) io.local.to(userRoom(userId)).emit('unread', { unread });
    }
  }

  async function pushUnread(userIds: string[]): Promise<void> {
    for (let i = 0; i < userIds.length; i += 1000) {
      const counts = [...(await countUnreadByUser(db, userIds.slice(i, i + 1000)))];
      emitUnreadLocally(counts);
      if (redis) io.serverSideEmit('vanban:unread', counts);
    }
  }

  // Only the instance whose transaction committed announces the batch; each instance then feeds its
  // own sockets, so every socket gets each event once whatever the number of instances.
  const unsubscribe = opts.publisher.subscribe((batch) => {
    registry.deliver(batch);
    if (redis) io.serverSideEmit('vanban:notifications', batch);
    // Alone, only users connected here need a count; with peers, theirs may be connected elsewhere.
    const userIds = [...new Set(batch.map((n) => n.userId))].filter((id) => redis || registry.hasUser(id));
    pushUnread(userIds).catch((err: unknown) => logger.warn({ err }, 'realtime unread push failed'));
  });
  io.on('vanban:notifications', (batch) => registry.deliver(batch));
  io.on('vanban:unread', (counts) => emitUnreadLocally(counts));

  const stopSweep = startRevocationSweep({
    db,
    everyMs: opts.revalidateEveryMs ?? 30_000,
    connectedSessions: () => [...io.of('/').sockets.values()].map((s) => s.data.session.sessionId),
    disconnect: (sessionId) => io.local.in(sessionRoom(sessionId)).disconnectSockets(true),
    logger,
  });

  return {
    io,
    disconnectSession: async (sessionId) => {
      acks.forget(sessionId);
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
    close: async () => {
      closing = true;
      unsubscribe();
      stopSweep();
      // Closing the transports rather than disconnecting the sockets: clients reconnect on their own.
      io.engine.close();
      if (redis) {
        // Unsubscribes the adapter's channels before its Redis connections go away.
        await Promise.resolve(io.of('/').adapter.close()).catch((err: unknown) => logger.warn({ err }, 'realtime adapter close failed'));
        await redis.close();
      }
    },
  };
}
