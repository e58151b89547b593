import type { Logger } from '../shared/logger.ts';
import type { AuthedApiKey } from './api-keys/api-keys.service.ts';
import type { CloudConfig } from './config.ts';
import type { CloudDb } from './db/client.ts';
import type { LiveUpdates } from './live/promoter-feed.ts';
import type { ApiLoad } from './ops/api-load.ts';
import type { StripeClient } from './payments/stripe-client.ts';
import type { CloudLimiters } from './rate-limit/rate-limit.ts';
import type { ManifestWakeups } from './sync/wakeups.ts';

export interface CloudDeps {
  db: CloudDb;
  config: CloudConfig;
  logger: Logger;
  now: () => Date;
  /** Null without Stripe keys: box-office confirmation only. */
  stripe: StripeClient | null;
  /** Rate limits (per IP, account, login, edge node): counted in memory, or in Redis when REDIS_URL is set. */
  limiters: CloudLimiters;
  wakeups: ManifestWakeups;
  /** Tells the promoters' live page that an event's figures changed. */
  live: LiveUpdates;
  /** Requests per second on this instance: background work yields to an on-sale. */
  load: ApiLoad;
  /**
   * Offers what an order gave back to the tiers' waitlists; never fails the caller.
   * Wired by the server: orders free inventory and the waitlist places orders, so a hook
   * here instead of an import from orders/ to waitlist/ (that was an import circle).
   */
  serveWaitlistsOfOrder: (orderId: string) => Promise<void>;
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
    /** A user's id, or an API key's principal (api-keys/principal.ts). */
    userId: string;
    /** Set when the caller authenticated with an API key. */
    apiKey: AuthedApiKey;
    node: AuthedNode;
  };
}
