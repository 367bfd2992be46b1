import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { Server } from 'socket.io';

export interface RedisLink {
  close(): Promise<void>;
}

/** Joins this instance to the others through the Socket.IO Redis adapter (rooms, server-side events). */
export async function linkThroughRedis(io: Server, redisUrl: string, logger: Logger): Promise<RedisLink> {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  for (const [name, client] of [['pub', pub], ['sub', sub]] as const) {
    // Without a listener node-redis would crash the process on a dropped connection; it reconnects itself.
    client.on('error', (err: unknown) => logger.warn({ err, client: name }, 'redis connection error'));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  return {
    close: async () => {
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}
