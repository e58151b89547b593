import { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Logger } from '../../shared/logger.ts';

/** What a limiter decided for one request. `slot` names the counter it was counted in (for release). */
export interface Verdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When one more request would be allowed, if nothing else arrives. */
  retryAfterMs: number;
  slot: string;
}

/**
 * A sliding-window limit over rate-limiter-flexible's atomic counters.
 *
 * Each key is counted in windows of `windowMs` (the window index is part of the key;
 * rate-limiter-flexible increments atomically, in memory or in one Lua call on Redis).
 * A request is allowed when `previous × (share of the previous window still inside the
 * last windowMs) + current` stays within the limit, so a burst at the end of one window
 * and another at the start of the next cannot double the limit as a fixed window would.
 *
 * The request is counted *before* it is judged: every concurrent caller gets a distinct
 * count, so exactly the first ones that fit are allowed, on one instance or many
 * (no read-then-write gap). A refused request is taken off again, so hammering past the
 * limit does not lock a client out for longer than its accepted requests do.
 *
 * Time comes from the caller (`now`), so a test can move the clock; the counters' expiry
 * (two windows) is only housekeeping.
 */
export class SlidingWindowLimiter {
  /** Counts of finished windows, by slot; they no longer change (a late release only lowers them). */
  private previous = new Map<string, number>();
  private previousIndex = -1;

  constructor(
    private readonly counter: RateLimiterAbstract,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  async reserve(key: string, now: number): Promise<Verdict> {
    const index = Math.floor(now / this.windowMs);
    const slot = `${key}:${index}`;
    const counted = await this.counter.consume(slot);
    const current = counted.consumedPoints;
    const previous = await this.previousCount(key, index);
    const elapsed = (now - index * this.windowMs) / this.windowMs;
    const estimate = previous * (1 - elapsed) + current;
    const allowed = estimate <= this.limit;
    if (!allowed) await this.counter.reward(slot).catch(() => undefined);
    const kept = allowed ? current : current - 1;
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, Math.floor(this.limit - estimate)),
      retryAfterMs: allowed ? 0 : this.retryAfter(previous, kept, index, now),
      slot,
    };
  }

  /** Gives a counted request back (a login that succeeded is not a failure). */
  async release(slot: string): Promise<void> {
    await this.counter.reward(slot).catch(() => undefined);
  }

  private async previousCount(key: string, index: number): Promise<number> {
    if (index !== this.previousIndex) {
      this.previous = new Map();
      this.previousIndex = index;
    }
    const cached = this.previous.get(key);
    if (cached !== undefined) return cached;
    const res = await this.counter.get(`${key}:${index - 1}`).catch(() => null);
    const n = Math.max(0, res?.consumedPoints ?? 0);
    this.previous.set(key, n);
    return n;
  }

  /** Earliest moment the estimate leaves room for one more, with `current` requests kept in this window. */
  private retryAfter(previous: number, current: number, index: number, now: number): number {
    const room = this.limit - 1;
    let at: number;
    if (current <= room && previous > 0) {
      at = (index + 1 - (room - current) / previous) * this.windowMs;
    } else {
      const share = current > 0 ? Math.max(0, 1 - room / current) : 0;
      at = (index + 1 + share) * this.windowMs;
    }
    return Math.max(1, Math.ceil(at - now));
  }
}

/**
 * Where the counters live: this process's memory, or Redis shared by every cloud
 * instance (REDIS_URL). While Redis cannot be reached each instance counts in its own
 * memory instead (rate-limiter-flexible's insurance limiter) — limits stay in force,
 * per instance, rather than falling open.
 */
export class RateLimits {
  private readonly redis: Redis | undefined;

  constructor(private readonly options: { redisUrl?: string; prefix: string; logger: Logger }) {
    if (options.redisUrl) {
      // No offline queue: while Redis is away a request must not wait for it.
      this.redis = new Redis(options.redisUrl, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: true,
      });
      this.redis.on('error', (err) =>
        options.logger.warn('rate limits counted per instance: redis unavailable', { err: err.message }),
      );
    }
  }

  sliding(name: string, limit: number, windowMs: number): SlidingWindowLimiter {
    const common = {
      keyPrefix: `${this.options.prefix}${name}`,
      // The limiter judges by itself (sliding estimate); the store only counts.
      points: Number.MAX_SAFE_INTEGER,
      duration: Math.ceil((2 * windowMs) / 1000),
    };
    const counter = this.redis
      ? new RateLimiterRedis({
          ...common,
          storeClient: this.redis,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(common),
        })
      : new RateLimiterMemory(common);
    return new SlidingWindowLimiter(counter, limit, windowMs);
  }

  /** Resolves once Redis is connected, or given up on with a warning (counting goes on in memory). */
  async ready(): Promise<void> {
    if (!this.redis) return;
    try {
      await this.redis.connect();
    } catch (err) {
      this.options.logger.warn('rate limits not shared: cannot reach redis; retrying in the background', {
        err: (err as Error).message,
      });
    }
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}
