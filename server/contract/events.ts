/**
 * Socket.IO event names and payloads, shared by the server and the web client (which imports this
 * file directly: it must stay free of Node imports).
 */
export interface DocumentRef {
  documentId: string;
  subject: string;
  symbol: string | null;
}

/**
 * Every event type with its payload, one line each: adding a line adds an event. The client's
 * `switch (event.type)` is exhaustive (client/src/realtime-text.ts), so it stops compiling until the
 * new event is given its text there.
 */
export interface EventPayloads {
  'inbox:new': DocumentRef & { reason: 'arrived' | 'submitted' | 'assigned' | 'forwarded' | 'returned' | 'ready_to_issue' | 'consulted' | 'opinion' };
  'document:status': DocumentRef & { deliveryId: string; orgCode: string; orgName: string; status: string; statusText: string; reason: string | null };
  /** Copies of a document of ours reached these recipients, all with one status: one event per watcher and fan-out batch. */
  'document:delivered': DocumentRef & { status: string; statusText: string; deliveries: { deliveryId: string; orgCode: string; orgName: string }[] };
  'assignment:new': DocumentRef & { assignmentId: string; role: string; deadline: string | null; instruction: string };
  'assignment:updated': DocumentRef & { assignmentId: string; status: string; percent: number; note: string | null; overdue: boolean };
  'deadline:due': DocumentRef & { assignmentId: string; deadline: string; overdue: boolean };
  'document:recalled': DocumentRef & { reason: string };
  /**
   * A work dossier changed state, owner, links or opinions. `subject`/`symbol` are the dossier's
   * title and code; `documentId` the document it was opened from ('' when none).
   */
  'dossier:changed': DocumentRef & { dossierId: string; title: string; status: string; action: string; by: string };
  // Not about a document: the DocumentRef fields are declared absent so code reading them off any event still compiles.
  'announcement:new': { announcementId: string; title: string; authorName: string; expiresAt: string | null } & { [K in keyof DocumentRef]?: never };
}

export type EventType = keyof EventPayloads;

/**
 * What a client receives: the persisted notification, with its monotonically increasing id. A union
 * discriminated by `type`: narrowing on it gives the payload of that event.
 */
export type PushedEvent<T extends EventType = EventType> = T extends EventType
  ? {
      id: number;
      type: T;
      payload: EventPayloads[T];
      createdAt: string;
    }
  : never;

export interface UnreadCount {
  unread: number;
}

export interface ServerToClientEvents {
  event: (event: PushedEvent, ack?: () => void) => void;
  unread: (count: UnreadCount) => void;
}

/**
 * Sent by the client in the handshake (`io(url, { auth })`). `since` is the id of the last event
 * it received: every later one is replayed, in order, before live events. Pass `auth` as a function
 * so that automatic reconnections send the current `since`.
 */
export interface HandshakeAuth {
  token: string;
  since?: number;
}

/** Why a connection was refused, in `connect_error`'s `data`. */
export interface HandshakeRefusal {
  code: 'UNAUTHENTICATED' | 'TOKEN_EXPIRED' | 'TOKEN_REVOKED' | 'INVALID_SINCE' | 'REALTIME_UNAVAILABLE';
  message: string;
}

export interface ReadRequest {
  /** Marks every notification with an id up to this one as read. */
  upToId: number;
}

export interface ClientToServerEvents {
  read: (request: ReadRequest, ack?: (count: UnreadCount) => void) => void;
}
