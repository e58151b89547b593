import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server as SocketServer } from 'socket.io';
import type { Logger } from '../shared/logger.ts';
import type { CloudConfig } from './config.ts';
import { closeRedis, handleDroppedPromises } from './redis-clients.ts';

/**
 * The cloud's one Socket.IO server on its HTTP server, shared by every namespace
 * (`/notifications` for a user's inbox, `/promoters` for the live page): two servers on
 * one HTTP server would both answer `/socket.io/`. With REDIS_URL,
 * @socket.io/redis-adapter carries an emit to sockets connected to other instances.
 */
export interface Realtime {
  io: SocketServer;
  close(): Promise<void>;
}

export function createRealtime(
  server: HttpServer,
  config: Pick<CloudConfig, 'redisUrl' | 'redisKeyPrefix'>,
  logger: Logger,
): Realtime {
  const io = new SocketServer(server, { serveClient: true, transports: ['websocket', 'polling'] });
  const redis: Redis[] = [];
  if (config.redisUrl) {
    // Not awaited: while Redis is away each instance still reaches its own sockets.
    const pub = handleDroppedPromises(new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }));
    const sub = handleDroppedPromises(pub.duplicate());
    for (const r of [pub, sub])
      r.on('error', (err) => logger.warn('redis (socket.io)', { error: err.message }));
    redis.push(pub, sub);
    io.adapter(createAdapter(pub, sub, { key: `${config.redisKeyPrefix}socket.io` }));
  }
  return {
    io,
    async close() {
      io.disconnectSockets(true);
      // The engine only: the HTTP server is the cloud's to close (io.close() would wait on its keep-alives).
      io.engine.close();
      await Promise.all(redis.map(closeRedis));
    },
  };
}
