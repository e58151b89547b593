import type { Logger } from '../shared/logger.ts';
import type { CloudConfig } from './config.ts';
import type { CloudDb } from './db/client.ts';
import type { LiveUpdates } from './live/promoter-feed.ts';
import type { StripeClient } from './payments/stripe-client.ts';
import type { RateStore } from './rate-limit/stores.ts';
import type { ManifestWakeups } from './sync/wakeups.ts';

export interface CloudDeps {
  db: CloudDb;
  config: CloudConfig;
  logger: Logger;
  now: () => Date;
  /** Null without Stripe keys: box-office confirmation only. */
  stripe: StripeClient | null;
  /** Rate-limit counters: in memory, or in Redis when REDIS_URL is set. */
  rateStore: RateStore;
  wakeups: ManifestWakeups;
  /** Tells the promoters' live page that an event's figures changed. */
  live: LiveUpdates;
}

export interface AuthedNode {
  id: string;
  venueId: string;
  name: string;
}

export interface AppBindings {
  Variables: {
    requestId: string;
    deps: CloudDeps;
    userId: string;
    node: AuthedNode;
  };
}
