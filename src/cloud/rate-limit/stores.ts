import { Redis } from 'ioredis';
import type { Logger } from '../../shared/logger.ts';

/**
 * Fixed-window counters. The window is part of the key (`key:windowIndex`), so a clock
 * moved forward (tests) or a new window simply starts a new counter.
 */
export interface RateStore {
  /** Adds one hit and returns the count in this window. */
  hit(key: string, windowMs: number, now: number): Promise<number>;
  /** The count in this window without adding to it. */
  peek(key: string, windowMs: number, now: number): Promise<number>;
  /** Resolves once the store can count (Redis connected, or given up on with a warning). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const slot = (key: string, windowMs: number, now: number) => `${key}:${Math.floor(now / windowMs)}`;

/** One process only: fine for a single cloud, wrong behind a load balancer (use Redis). */
export class MemoryRateStore implements RateStore {
  private counts = new Map<string, { n: number; until: number }>();
  private sweeps = 0;

  async hit(key: string, windowMs: number, now: number): Promise<number> {
    if (++this.sweeps % 1000 === 0) this.sweep(now);
    const k = slot(key, windowMs, now);
    const entry = this.counts.get(k) ?? { n: 0, until: (Math.floor(now / windowMs) + 1) * windowMs };
    entry.n++;
    this.counts.set(k, entry);
    return entry.n;
  }

  async peek(key: string, windowMs: number, now: number): Promise<number> {
    return this.counts.get(slot(key, windowMs, now))?.n ?? 0;
  }

  private sweep(now: number): void {
    for (const [k, v] of this.counts) if (v.until <= now) this.counts.delete(k);
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    this.counts.clear();
  }
}

const HIT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/**
 * Shared by every cloud process that points at the same Redis. When Redis is down the
 * limiter lets requests through (and warns): selling tickets matters more than counting.
 */
export class RedisRateStore implements RateStore {
  private redis: Redis;

  constructor(
    url: string,
    private prefix: string,
    private logger: Logger,
  ) {
    // No offline queue: while Redis is away a request must not wait for it.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.redis.on('error', (err) => this.logger.warn('rate-limit redis error', { err: err.message }));
  }

  async hit(key: string, windowMs: number, now: number): Promise<number> {
    try {
      return Number(await this.redis.eval(HIT, 1, this.prefix + slot(key, windowMs, now), windowMs * 2));
    } catch (err) {
      this.logger.warn('rate limit not counted: redis unavailable', { err: (err as Error).message });
      return 0;
    }
  }

  async peek(key: string, windowMs: number, now: number): Promise<number> {
    try {
      return Number((await this.redis.get(this.prefix + slot(key, windowMs, now))) ?? 0);
    } catch {
      return 0;
    }
  }

  async ready(): Promise<void> {
    try {
      await this.redis.connect();
    } catch (err) {
      this.logger.warn('rate limits not shared: cannot reach redis; retrying in the background', {
        err: (err as Error).message,
      });
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
