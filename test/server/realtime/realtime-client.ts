import { io as connectSocket, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, HandshakeRefusal, PushedEvent, ServerToClientEvents } from '../../../server/realtime/events';
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

function poll(check: () => boolean, ms: number, what: () => string): Promise<void> {
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
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(Object.assign(err, { refusal: (err as Error & { data?: HandshakeRefusal }).data }));
    });
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Signs in and returns the client with its user id. */
export async function signIn(url: string, username: string, password: string): Promise<ApiClient & { userId: string }> {
  const client = await new ApiClient(url).login(username, password);
  const me = (await client.get('/auth/me')).body;
  return Object.assign(client, { userId: me.id as string });
}
