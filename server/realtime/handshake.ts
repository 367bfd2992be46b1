import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ExtendedError, Socket } from 'socket.io';
import type { AuthenticatedSession } from '../shared/actor';
import type { HandshakeRefusal } from '../contract/events';

/** What the handshake leaves on `socket.data` for the connection handler. */
export interface SocketSession {
  session: AuthenticatedSession;
  /** The client's last received event id, or null for a fresh start (live events only). */
  since: number | null;
}

export type Authenticate = (db: Knex, token: string | undefined) => Promise<AuthenticatedSession>;

const KNOWN_REFUSALS = new Set<HandshakeRefusal['code']>(['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'TOKEN_REVOKED']);

function refuse(refusal: HandshakeRefusal): ExtendedError {
  const err: ExtendedError = new Error(refusal.message);
  err.data = refusal;
  return err;
}

export function parseSince(raw: unknown): number | null | 'invalid' {
  if (raw === undefined || raw === null) return null;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : 'invalid';
}

/** Socket.IO middleware: the same bearer token as the HTTP API, given as `auth: {token, since}`. */
export function handshakeAuth(db: Knex, authenticate: Authenticate, logger: Logger) {
  return async (socket: Socket, next: (err?: ExtendedError) => void): Promise<void> => {
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    const since = parseSince(auth.since);
    if (since === 'invalid') return next(refuse({ code: 'INVALID_SINCE', message: 'Mã sự kiện cuối cùng (since) không hợp lệ' }));
    try {
      const session = await authenticate(db, typeof auth.token === 'string' ? auth.token : undefined);
      const data: SocketSession = { session, since };
      socket.data = data;
      next();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && KNOWN_REFUSALS.has(code as HandshakeRefusal['code'])) {
        return next(refuse({ code: code as HandshakeRefusal['code'], message: (err as Error).message }));
      }
      logger.error({ err }, 'realtime handshake failed');
      next(refuse({ code: 'REALTIME_UNAVAILABLE', message: 'Máy chủ tạm thời không nhận kết nối thời gian thực, vui lòng thử lại' }));
    }
  };
}
