import { randomUUID } from 'node:crypto';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, HandshakeRefusal, PushedEvent, ServerToClientEvents } from '../../../server/contract/events';
import { ApiClient } from '../../helpers/api-client';

export type InboxSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A test client that records what it receives and tracks `since` across reconnections, as the web client does. */
export interface InboxClient {
  socket: InboxSocket;
  events: PushedEvent[];
  unread: number[];
  lastId: number;
  disconnects: string[];
  /** Resolves once `n` events in total have arrived (rejects after `ms`). */
  waitForEvents(n: number, ms?: number): Promise<PushedEvent[]>;
  waitForUnread(value: number, ms?: number): Promise<void>;
  waitForDisconnect(ms?: number): Promise<string>;
  close(): void;
}

export interface ConnectOptions {
  since?: number;
  /** Ack events (default true). */
  ack?: boolean;
  reconnection?: boolean;
}

/** Resolves once `check` holds (polled every 10 ms); rejects after `ms` naming `what` it waited for. */
export function poll(check: () => boolean, ms: number, what: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what()}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

/** Connects and waits for `connect`; rejects with the refusal (its `data`) on `connect_error`. */
export function connectInbox(url: string, token: string, opts: ConnectOptions = {}): Promise<InboxClient> {
  const client: InboxClient = {
    socket: undefined as unknown as InboxSocket,
    events: [],
    unread: [],
    lastId: opts.since ?? 0,
    disconnects: [],
    waitForEvents: (n, ms = 5000) =>
      poll(() => client.events.length >= n, ms, () => `${n} events (got ${client.events.length})`).then(() => client.events),
    waitForUnread: (value, ms = 5000) => poll(() => client.unread.at(-1) === value, ms, () => `unread ${value} (got ${client.unread.join(',')})`),
    waitForDisconnect: (ms = 5000) => poll(() => client.disconnects.length > 0, ms, () => 'a disconnect').then(() => client.disconnects[0]),
    close: () => client.socket.disconnect(),
  };
  const since = opts.since;
  let connectedOnce = false;
  const socket: InboxSocket = connectSocket(url, {
    transports: ['websocket'],
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
    // A function, so each reconnection resumes from the last event received.
    auth: (cb) => cb(since === undefined && !connectedOnce ? { token } : { token, since: client.lastId }),
  });
  client.socket = socket;
  socket.on('event', (event, ack) => {
    client.events.push(event);
    client.lastId = Math.max(client.lastId, event.id);
    if (opts.ack !== false) ack?.();
  });
  socket.on('unread', ({ unread }) => client.unread.push(unread));
  socket.on('connect', () => (connectedOnce = true));
  socket.on('disconnect', (reason) => client.disconnects.push(reason));
  return new Promise((resolve, reject) => {
    // Only the first connection's failure refuses: a reconnecting client (server restarted) sees
    // connect_error while the server is down and must keep trying, not be disconnected by this.
    const refused = (err: Error) => {
      socket.disconnect();
      reject(Object.assign(err, { refusal: (err as Error & { data?: HandshakeRefusal }).data }));
    };
    socket.once('connect', () => {
      socket.off('connect_error', refused);
      resolve(client);
    });
    socket.once('connect_error', refused);
  });
}

export async function refusalOf(url: string, token: string, since?: unknown): Promise<HandshakeRefusal | undefined> {
  const socket: InboxSocket = connectSocket(url, { transports: ['websocket'], reconnection: false, auth: { token, since } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.disconnect();
      reject(new Error('connection was accepted'));
    });
    socket.once('connect_error', (err) => {
      socket.disconnect();
      resolve((err as Error & { data?: HandshakeRefusal }).data);
    });
  });
}

/**
 * A round trip on the socket (a `read` up to id 0, which changes nothing): Socket.IO handles a
 * socket's packets in order, so once the answer is back the server has handled everything this
 * client sent before (its acknowledgements included), and the socket was still connected.
 */
export function roundTrip(client: InboxClient, ms = 10_000): Promise<number> {
  return client.socket.timeout(ms).emitWithAck('read', { upToId: 0 }).then(({ unread }) => unread);
}

export const MARKER_SUBJECT = 'Mốc kiểm tra của phép thử';
export const markerPayload = () => ({ documentId: randomUUID(), subject: MARKER_SUBJECT, symbol: null, reason: 'arrived' as const });

/**
 * "Nothing else arrives", checked without sleeping: `sendMarker` commits one more notification to
 * every watched client's user through the real path (transaction, publisher, socket), and each
 * client waits for it. A socket receives its events in id order, so whatever was pushed to it
 * before the marker has arrived by then. The markers are then taken out of `events`, leaving what
 * the scenario itself sent for the assertions that follow.
 */
export async function settle(clients: InboxClient[], sendMarker: () => Promise<unknown>, ms = 10_000): Promise<void> {
  await sendMarker();
  await Promise.all(clients.map((c) => poll(() => c.events.some((e) => e.payload.subject === MARKER_SUBJECT), ms, () => 'the marker event')));
  for (const c of clients) {
    const kept = c.events.filter((e) => e.payload.subject !== MARKER_SUBJECT);
    c.events.splice(0, c.events.length, ...kept);
  }
}

/** Signs in and returns the client with its user id. */
export async function signIn(url: string, username: string, password: string): Promise<ApiClient & { userId: string }> {
  const client = await new ApiClient(url).login(username, password);
  const me = (await client.get('/auth/me')).body;
  return Object.assign(client, { userId: me.id as string });
}
