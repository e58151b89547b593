import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { closeServer, listen, urlFor } from '../shared/listen.ts';
import type { Logger } from '../shared/logger.ts';
import { createApp } from './app.ts';
import { syncPlatformAdmins } from './auth/platform-admins.ts';
import type { CloudConfig } from './config.ts';
import type { CloudDeps } from './context.ts';
import { openCloudDatabase } from './db/client.ts';
import { noLiveUpdates, PromoterFeed } from './live/promoter-feed.ts';
import { expireHolds } from './orders/holds.ts';
import { sendPendingRefunds } from './payments/refunds.service.ts';
import { createStripeClient } from './payments/stripe-client.ts';
import { MemoryRateStore, RedisRateStore } from './rate-limit/stores.ts';
import { ManifestWakeups } from './sync/wakeups.ts';

export interface RunningCloud {
  url: string;
  port: number;
  deps: CloudDeps;
  close(): Promise<void>;
}

/** Opens the database (migrating it), serves the API and runs the hold sweep. */
export async function startCloud(config: CloudConfig, logger: Logger): Promise<RunningCloud> {
  const database = await openCloudDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
  let wakeups: ManifestWakeups;
  try {
    wakeups = await ManifestWakeups.start({
      redisUrl: config.redisUrl,
      prefix: config.redisKeyPrefix,
      logger,
    });
  } catch (err) {
    await database.close();
    throw err;
  }
  const rateStore = config.redisUrl
    ? new RedisRateStore(config.redisUrl, `${config.redisKeyPrefix}rl:`, logger)
    : new MemoryRateStore();
  await rateStore.ready();
  const deps: CloudDeps = {
    db: database.db,
    config,
    logger,
    now: () => new Date(),
    rateStore,
    stripe: createStripeClient(config),
    wakeups,
    live: noLiveUpdates,
  };
  await syncPlatformAdmins(deps);
  const app = createApp(deps);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  const feed = new PromoterFeed(server, deps);
  deps.live = feed;
  let port: number;
  try {
    port = await listen(server, config.port, config.host);
  } catch (err) {
    await feed.close();
    await wakeups.close();
    await database.close();
    await rateStore.close();
    throw err;
  }
  const sweep = setInterval(() => {
    expireHolds({ deps }).then(
      (n) => n > 0 && logger.info('released expired holds', { orders: n }),
      (err) => logger.warn('hold sweep failed', { err }),
    );
    sendPendingRefunds({ deps }).then(
      (n) => n > 0 && logger.info('sent pending refunds', { refunds: n }),
      (err) => logger.warn('refund sweep failed', { err }),
    );
  }, 30_000);
  sweep.unref();
  return {
    url: urlFor(config.host, port),
    port,
    deps,
    async close() {
      clearInterval(sweep);
      await feed.close();
      await wakeups.close();
      await closeServer(server);
      await database.close();
      await rateStore.close();
    },
  };
}
