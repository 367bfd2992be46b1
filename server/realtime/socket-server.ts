import type http from 'node:http';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { LocalPublisher } from './publisher';

export interface RealtimeOptions {
  server: http.Server;
  db: Knex;
  publisher: LocalPublisher;
  logger: Logger;
  redisUrl?: string;
}

export interface Realtime {
  /** Disconnects every socket opened with this session's token (after logout), on every instance. */
  disconnectSession(sessionId: string): Promise<void>;
  close(): Promise<void>;
}

// Placeholder until the Socket.IO layer lands (issue 5): keeps the composition root's wiring stable.
export async function attachRealtime(_opts: RealtimeOptions): Promise<Realtime> {
  return { disconnectSession: async () => undefined, close: async () => undefined };
}
