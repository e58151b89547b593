import { EventEmitter } from 'node:events';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import type { Logger } from '../../shared/logger.ts';
import type { CloudDeps } from '../context.ts';
import { events } from '../db/schema.ts';
import { closeRedis, handleDroppedPromises } from '../redis-clients.ts';

export interface WakeupSubscription {
  /** Resolves true at the next wake-up (at once if one came since the last call), false at the timeout or on abort. */
  next(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  close(): void;
}

/** Changes of one venue within this many milliseconds make at most two wake-ups. */
export const COALESCE_MS = 20;

/**
 * Wakes edges long-polling GET /sync/wait when their venue's manifest changed. With
 * REDIS_URL every cloud instance publishes to and listens on one Redis channel, so an
 * edge waiting on instance B hears about a refund committed on instance A; without it
 * the wake-up stays in this process. A wake-up only makes the long-poll look again
 * (manifest-wait.ts): the cursor is the source of truth, and a change the cursor cannot
 * hand out yet is looked at again until it can. Edges still poll on a timer as well.
 */
export class ManifestWakeups {
  private readonly local = new EventEmitter().setMaxListeners(0);
  /** Waits in progress, so close() can end them. */
  private readonly pending = new Set<(woken: boolean) => void>();
  private constructor(
    private readonly channel: string,
    private readonly pub?: Redis,
    private readonly sub?: Redis,
  ) {}

  static async start(options: {
    redisUrl?: string;
    prefix: string;
    logger: Logger;
  }): Promise<ManifestWakeups> {
    const channel = `${options.prefix}manifest-changed`;
    if (!options.redisUrl) return new ManifestWakeups(channel);
    const connect = () =>
      handleDroppedPromises(new Redis(options.redisUrl!, { maxRetriesPerRequest: 2, lazyConnect: true }));
    const pub = connect();
    const sub = connect();
    for (const r of [pub, sub]) r.on('error', (err) => options.logger.warn('redis', { error: err.message }));
    await pub.connect();
    await sub.connect();
    const wakeups = new ManifestWakeups(channel, pub, sub);
    await sub.subscribe(channel);
    sub.on('message', (_channel: string, venueId: string) => wakeups.local.emit(venueId));
    return wakeups;
  }

  /** Wake-ups actually sent (after coalescing); for tests and diagnostics. */
  sent = 0;
  /** Long-polls waiting on this instance now; for tests and diagnostics. */
  get waiting(): number {
    return this.pending.size;
  }
  private readonly quiet = new Map<string, { again: boolean; timer: NodeJS.Timeout }>();

  /**
   * Announces a change of the venue's manifest. The first change is sent at once; more
   * changes within COALESCE_MS are folded into one more wake-up at the end of that
   * window. During an on-sale a venue changes with every order; its edges need one
   * wake-up per pull, not a Redis message (and a pull per edge) per ticket.
   */
  publish(venueId: string): void {
    const window = this.quiet.get(venueId);
    if (window) {
      window.again = true;
      return;
    }
    this.send(venueId);
    const entry = {
      again: false,
      timer: setTimeout(() => {
        this.quiet.delete(venueId);
        if (entry.again) this.publish(venueId);
      }, COALESCE_MS),
    };
    entry.timer.unref();
    this.quiet.set(venueId, entry);
  }

  private send(venueId: string): void {
    this.sent++;
    if (this.pub) this.pub.publish(this.channel, venueId).catch(() => this.local.emit(venueId));
    else this.local.emit(venueId);
  }

  /**
   * Listens for the venue's wake-ups until closed. Unlike a one-shot wait, nothing is
   * missed between two waits: a wake-up that came while the caller was busy (checking
   * the database) makes the next `next()` resolve at once.
   */
  subscribe(venueId: string): WakeupSubscription {
    if (this.closed) return { next: async () => false, close: () => {} };
    let heard = 0;
    let seen = 0;
    let waiting: ((woken: boolean) => void) | undefined;
    const onWake = () => {
      heard++;
      waiting?.(true);
    };
    this.local.on(venueId, onWake);
    const sub: WakeupSubscription = {
      next: (timeoutMs, signal) =>
        new Promise((resolve) => {
          if (heard > seen || signal?.aborted) {
            seen = heard;
            resolve(!signal?.aborted);
            return;
          }
          const done = (woken: boolean) => {
            this.pending.delete(done);
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            waiting = undefined;
            seen = heard;
            resolve(woken);
          };
          const onAbort = () => done(false);
          const timer = setTimeout(() => done(false), timeoutMs);
          waiting = done;
          this.pending.add(done);
          signal?.addEventListener('abort', onAbort);
        }),
      close: () => {
        this.local.off(venueId, onWake);
        waiting?.(false);
      },
    };
    return sub;
  }

  /** Resolves true on a wake-up for the venue, false after `timeoutMs` or on abort. */
  async waitFor(venueId: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const sub = this.subscribe(venueId);
    try {
      return await sub.next(timeoutMs, signal);
    } finally {
      sub.close();
    }
  }

  /** Set once the cloud shuts down: waits end at once (as if timed out). */
  closed = false;

  async close(): Promise<void> {
    this.closed = true;
    for (const { timer } of this.quiet.values()) clearTimeout(timer);
    this.quiet.clear();
    for (const done of [...this.pending]) done(false);
    await Promise.all([closeRedis(this.pub), closeRedis(this.sub)]);
  }
}

/**
 * Call after committing anything an edge's manifest carries (tickets, events, keys,
 * tiers) for that venue. Cheap and fire-and-forget.
 */
export function notifyManifestChanged(deps: { wakeups: ManifestWakeups }, venueId: string): void {
  deps.wakeups.publish(venueId);
}

/** The same, for code that knows the event rather than the venue. */
export function notifyEventManifestChanged(deps: CloudDeps, eventId: string): void {
  // What changes an event's manifest (orders confirmed, refunds, cancellations) changes its sales too.
  deps.live.eventChanged(eventId);
  deps.db
    .select({ venueId: events.venueId })
    .from(events)
    .where(eq(events.id, eventId))
    .then(
      ([row]) => row && notifyManifestChanged(deps, row.venueId),
      (err) => deps.logger.warn('manifest wake-up not sent', { err, eventId }),
    );
}
