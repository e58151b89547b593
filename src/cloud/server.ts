import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { closeServer, listen, urlFor } from '../shared/listen.ts';
import type { Logger } from '../shared/logger.ts';
import { restrictUmask, securePrivateDir } from '../shared/private-dir.ts';
import { createApp } from './app.ts';
import { syncPlatformAdmins } from './auth/platform-admins.ts';
import type { CloudConfig } from './config.ts';
import type { CloudDeps } from './context.ts';
import { openCloudDatabase } from './db/client.ts';
import { sealEventKeys } from './events/key-migration.ts';
import { noLiveUpdates, PromoterFeed } from './live/promoter-feed.ts';
import { createEmailChannel } from './notifications/email/email-channel.ts';
import { createInAppChannel } from './notifications/inapp/inapp-channel.ts';
import { LivePush } from './notifications/inapp/live.ts';
import { sealWebhookSecrets } from './notifications/webhooks/secret-migration.ts';
import { createWebhookChannel } from './notifications/webhooks/webhook-channel.ts';
import { OutboxWorker } from './notifications/worker.ts';
import { ApiLoad } from './ops/api-load.ts';
import { expireHolds } from './orders/holds.ts';
import { sendPendingRefunds } from './payments/refunds.service.ts';
import { createStripeClient } from './payments/stripe-client.ts';
import { RateLimits } from './rate-limit/limiter.ts';
import { createLimiters } from './rate-limit/rate-limit.ts';
import { createRealtime } from './realtime.ts';
import { ManifestWakeups } from './sync/wakeups.ts';
import { serveWaitlistsOfOrder } from './waitlist/waitlist.service.ts';

export interface RunningCloud {
  url: string;
  port: number;
  deps: CloudDeps;
  /** The notification worker (outbox → email); tests and benchmarks read its totals. */
  outbox: OutboxWorker;
  close(): Promise<void>;
}

/** Opens the database (migrating it), serves the API and runs the hold sweep. */
export async function startCloud(config: CloudConfig, logger: Logger): Promise<RunningCloud> {
  // The data dir holds the PGlite files and the generated secrets: private to this user.
  if (!config.databaseUrl || existsSync(config.dataDir)) securePrivateDir(config.dataDir);
  else restrictUmask();
  const database = await openCloudDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
  try {
    await sealEventKeys({ db: database.db, config, logger });
    await sealWebhookSecrets({ db: database.db, config, logger });
  } catch (err) {
    await database.close();
    throw err;
  }
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
  const rateLimits = new RateLimits({
    redisUrl: config.redisUrl,
    prefix: `${config.redisKeyPrefix}rl:`,
    logger,
  });
  await rateLimits.ready();
  const deps: CloudDeps = {
    db: database.db,
    config,
    logger,
    now: () => new Date(),
    limiters: createLimiters(rateLimits, config),
    stripe: createStripeClient(config),
    wakeups,
    live: noLiveUpdates,
    load: new ApiLoad(),
    serveWaitlistsOfOrder: (orderId) => serveWaitlistsOfOrder(deps, orderId),
  };
  await syncPlatformAdmins(deps);
  const app = createApp(deps);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  const realtime = createRealtime(server, config, logger);
  const feed = new PromoterFeed(realtime.io, deps);
  const live = LivePush.attach(realtime.io, deps);
  deps.live = feed;
  let port: number;
  try {
    port = await listen(server, config.port, config.host);
  } catch (err) {
    await realtime.close();
    await wakeups.close();
    await database.close();
    await rateLimits.close();
    throw err;
  }
  const url = urlFor(config.host, port);
  const outbox = new OutboxWorker(deps, [
    createEmailChannel(deps, { publicUrl: config.publicUrl ?? url }),
    createInAppChannel(deps.db, live),
    createWebhookChannel(deps),
  ]);
  outbox.start();
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
    url,
    port,
    deps,
    outbox,
    async close() {
      clearInterval(sweep);
      await outbox.close();
      await live.close();
      await feed.close();
      await realtime.close();
      await wakeups.close();
      await closeServer(server);
      await database.close();
      await rateLimits.close();
    },
  };
}
