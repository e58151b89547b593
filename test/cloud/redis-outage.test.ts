import { createServer } from 'node:http';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createRealtime } from '../../src/cloud/realtime.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { startTestCloud } from '../helpers/cloud.ts';
import { startTcpProxy } from '../helpers/tcp-proxy.ts';

const redisUrl = inject('redisUrl');

/**
 * An unhandled rejection ends a Node process: a Redis outage must not take the cloud
 * down with it, nor make its shutdown fail. CI once saw ioredis' "Connection is closed."
 * escape this way after a test had cut Redis.
 */
describe('a cloud whose Redis goes away', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  const stops: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    process.off('unhandledRejection', record);
    unhandled.length = 0;
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  async function redisBehindProxy() {
    const target = new URL(redisUrl!);
    const proxy = await startTcpProxy(Number(target.port));
    stops.push(() => proxy.close());
    target.port = String(proxy.port);
    return { proxy, url: target.toString() };
  }
  const settle = () => new Promise((r) => setTimeout(r, 1500));

  it.runIf(redisUrl)('shuts down without an error and leaves no unhandled rejection', async () => {
    process.on('unhandledRejection', record);
    const redis = await redisBehindProxy();
    const c = await startTestCloud({ redisUrl: redis.url, redisPrefix: `outage-${Date.now()}:` });
    redis.proxy.cut();
    await new Promise((r) => setTimeout(r, 300));
    await expect(c.close()).resolves.toBeUndefined();
    await settle();
    expect(unhandled.map(String)).toEqual([]);
  });

  it.runIf(redisUrl)(
    'keeps broadcasting to its own sockets while Redis is away, without unhandled rejections',
    async () => {
      process.on('unhandledRejection', record);
      const redis = await redisBehindProxy();
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      stops.push(() => new Promise((resolve) => server.close(resolve)));
      const realtime = createRealtime(
        server,
        { redisUrl: redis.url, redisKeyPrefix: `outage-${Date.now()}:` },
        silentLogger,
      );
      stops.push(() => realtime.close());
      redis.proxy.cut();
      for (let i = 0; i < 5; i++)
        realtime.io.of('/notifications').to('user:nobody').emit('notification', { i });
      await settle();
      expect(unhandled.map(String)).toEqual([]);
    },
  );
});
