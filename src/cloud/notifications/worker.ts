import { setTimeout as delay } from 'node:timers/promises';
import type { CloudDeps } from '../context.ts';
import type { Channel, ClaimedDelivery, DeliveryOutcome } from './channel.ts';
import { claimDeliveries, extendLeases, fanOut, releaseClaims, settleDeliveries } from './deliveries.ts';

export interface OutboxWorkerOptions {
  /** Deliveries claimed at once by one loop. */
  batchSize?: number;
  /** Loops per instance: two let one wait on the database while the other sends. */
  loops?: number;
}

export interface WorkerTotals {
  fannedOut: number;
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
  /** Pauses taken to yield the CPU to an on-sale. */
  yielded: number;
  /** Passes started (fan-out, claim, send). */
  passes: number;
}

/** During an on-sale: how often a worker looks whether the rush is over, and how often the instance runs one pass all the same. */
const ON_SALE_CHECK_MS = 250;
export const ON_SALE_PASS_EVERY_MS = 5000;

/**
 * The delivery worker every cloud instance runs: fans due outbox rows out into
 * deliveries, claims due deliveries (SKIP LOCKED, with a lease), hands them to their
 * channel and records each outcome (sent; retried with exponential backoff; failed for
 * good after the last attempt or a permanent refusal). Idle, it polls every
 * `outboxPollMs`; with work queued it goes on at once — unless the API is in an on-sale
 * (more than `outboxYieldAboveRps` requests/s): then the instance runs one pass every
 * ON_SALE_PASS_EVERY_MS and otherwise leaves the CPU to the orders. A pass fans out up
 * to 500 messages (inbox rows, deliveries: Postgres work under the order's feet) and
 * renders confirmations with their QR codes, which costs more CPU than the order did;
 * passes back to back with a pause four times as long still cost an on-sale ~8 % of its
 * orders (bench:orders 553 → 600 orders/s with none). Mail was never sent during the rush
 * anyway: the rendering runs in the niced mail thread, which a saturated CPU starves
 * (bench/mail: none during a 21 s sale of 10,000 orders, then 335 mails/s); the outbox
 * holds it, and leases of claimed messages are renewed while they wait.
 */
export class OutboxWorker {
  readonly totals: WorkerTotals = {
    fannedOut: 0,
    sent: 0,
    retrying: 0,
    failed: 0,
    skipped: 0,
    yielded: 0,
    passes: 0,
  };
  private readonly channels: Map<string, Channel>;
  private readonly batchSize: number;
  private readonly loopCount: number;
  private stopped = false;
  private loops: Promise<void>[] = [];
  private wakers = new Set<() => void>();
  private stoppers = new Set<() => void>();
  /** Deliveries this instance has claimed and not yet settled: their lease is renewed while they wait. */
  private readonly inFlight = new Set<string>();
  /** Batches this instance is delivering and settling now, whichever loop (or drain) claimed them. */
  private readonly delivering = new Set<Promise<void>>();
  private renewal: NodeJS.Timeout | undefined;
  /** When a loop of this instance last started a pass (performance.now()). */
  private lastPassAt = Number.NEGATIVE_INFINITY;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly deps: CloudDeps,
    channels: Channel[],
    options: OutboxWorkerOptions = {},
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
    this.batchSize = options.batchSize ?? 100;
    this.loopCount = options.loops ?? 2;
  }

  start(): void {
    for (let i = 0; i < this.loopCount; i++) this.loops.push(this.loop());
    // A claim outlives its lease only if its instance stopped renewing it, i.e. died.
    this.renewal = setInterval(
      () => void this.renewLeases(),
      (this.deps.config.outboxLeaseSeconds * 1000) / 3,
    );
    this.renewal.unref();
  }

  private async renewLeases(): Promise<void> {
    if (this.inFlight.size === 0) return;
    try {
      const until = new Date(this.deps.now().getTime() + this.deps.config.outboxLeaseSeconds * 1000);
      await extendLeases(this.deps.db, [...this.inFlight], until);
    } catch (err) {
      this.deps.logger.warn('outbox: could not renew leases', { err });
    }
  }

  /** Ends an idle wait at once (after a commit that queued something, or in tests). */
  wake(): void {
    for (const wake of this.wakers) wake();
  }

  /** One pass: fan out what is due, then deliver one batch. Returns how much it did. */
  async runOnce(): Promise<{ fannedOut: number; claimed: number }> {
    const { deps } = this;
    const fannedOut = await fanOut(deps.db, [...this.channels.values()], deps.now());
    this.totals.fannedOut += fannedOut;
    // Stopped during the fan-out: claim nothing. A claim now would be sent through a
    // channel that is closing (a mail thread started anew at low priority, which a busy
    // CPU starves), and close() would wait on it.
    if (this.stopped) return { fannedOut, claimed: 0 };
    const now = deps.now();
    const lease = new Date(now.getTime() + deps.config.outboxLeaseSeconds * 1000);
    const claimed = await claimDeliveries(deps.db, now, lease, this.batchSize);
    if (claimed.length > 0) {
      const delivery = this.deliver(claimed);
      this.delivering.add(delivery);
      try {
        await delivery;
      } finally {
        this.delivering.delete(delivery);
      }
    }
    return { fannedOut, claimed: claimed.length };
  }

  /**
   * Passes until nothing is due and nothing this instance claimed is still on its way
   * (tests and benchmarks; the loops do the same on their own). A delivery a loop claimed
   * just before is part of it: its message may already be at the receiver while its
   * outcome is not yet recorded, and "drained" means recorded.
   */
  async drain(): Promise<void> {
    for (;;) {
      const pass = await this.runOnce();
      if (pass.claimed > 0 || pass.fannedOut > 0) continue;
      if (this.delivering.size === 0) return;
      await Promise.allSettled([...this.delivering]);
    }
  }

  private async deliver(claimed: ClaimedDelivery[]): Promise<void> {
    const { deps } = this;
    const byId = new Map(claimed.map((d) => [d.id, d]));
    for (const d of claimed) this.inFlight.add(d.id);
    const reported = new Set<string>();
    let queue: [ClaimedDelivery, DeliveryOutcome][] = [];
    let settling = Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    // Outcomes are recorded in small groups as they come, not once per batch: a sent
    // message is marked sent without waiting for a slow one beside it.
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      const chunk = queue;
      queue = [];
      if (chunk.length > 0) settling = settling.then(() => this.settle(chunk));
      return settling;
    };
    const report = (id: string, outcome: DeliveryOutcome) => {
      const d = byId.get(id);
      if (!d || reported.has(id)) return;
      reported.add(id);
      this.inFlight.delete(id);
      queue.push([d, outcome]);
      if (queue.length >= 50) void flush();
      else timer ??= setTimeout(flush, 20);
    };
    const byChannel = new Map<string, ClaimedDelivery[]>();
    for (const d of claimed) byChannel.set(d.channel, [...(byChannel.get(d.channel) ?? []), d]);
    await Promise.all(
      [...byChannel].map(async ([name, batch]) => {
        const channel = this.channels.get(name);
        if (!channel) {
          for (const d of batch) report(d.id, { skip: `no channel "${name}" in this version` });
          return;
        }
        try {
          await channel.deliver(batch, report);
        } catch (err) {
          deps.logger.warn('outbox: channel failed on a batch', { channel: name, err });
        }
      }),
    );
    await flush();
    for (const d of claimed) this.inFlight.delete(d.id);
    const unreported = claimed.filter((d) => !reported.has(d.id));
    if (unreported.length === 0) return;
    if (this.stopped) {
      // Stopping: what was not sent goes back at once, for another instance or the next start.
      await releaseClaims(
        deps.db,
        unreported.map((d) => d.id),
        deps.now(),
      );
    } else {
      await this.settle(unreported.map((d) => [d, { ok: false, permanent: false, error: 'no outcome' }]));
    }
  }

  private async settle(results: [ClaimedDelivery, DeliveryOutcome][]): Promise<void> {
    const { deps } = this;
    try {
      const settled = await settleDeliveries(deps.db, results, {
        now: deps.now(),
        maxAttempts: deps.config.outboxMaxAttempts,
        retrySeconds: deps.config.outboxRetrySeconds,
      });
      this.totals.sent += settled.sent;
      this.totals.retrying += settled.retrying;
      this.totals.failed += settled.failed;
      this.totals.skipped += settled.skipped;
      for (const f of settled.failures) {
        deps.logger.warn(
          f.final ? 'outbox: delivery failed for good' : 'outbox: delivery failed, will retry',
          {
            deliveryId: f.delivery.id,
            channel: f.delivery.channel,
            template: f.delivery.template,
            attempts: f.delivery.attempts,
            error: f.error,
          },
        );
      }
    } catch (err) {
      // The rows stay claimed; their lease runs out and they are sent again (same message id).
      deps.logger.warn('outbox: could not record outcomes', { err, deliveries: results.length });
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.onSale() && performance.now() - this.lastPassAt < ON_SALE_PASS_EVERY_MS) {
        this.totals.yielded++;
        await this.idle(ON_SALE_CHECK_MS, false);
        continue;
      }
      // Set before the pass starts, so the instance's other loop waits its turn.
      this.lastPassAt = performance.now();
      this.totals.passes++;
      let busy = false;
      try {
        const pass = await this.runOnce();
        busy = pass.claimed >= this.batchSize || pass.fannedOut >= 500;
      } catch (err) {
        if (this.stopped) break;
        this.deps.logger.warn('outbox: pass failed', { err });
      }
      if (this.stopped) break;
      if (!busy && !this.onSale()) await this.idle(this.deps.config.outboxPollMs);
    }
  }

  private onSale(): boolean {
    const above = this.deps.config.outboxYieldAboveRps;
    return above > 0 && this.deps.load.perSecond() > above;
  }

  /** Waits `ms`; `wake()` ends the wait early unless it is a yield (only stopping does then). */
  private idle(ms: number, wakeable = true): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        this.stoppers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (wakeable) this.wakers.add(done);
      else this.stoppers.add(done);
    });
  }

  /** Stops claiming; sends in flight get a moment to finish, then the channels close. Once. */
  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.renewal);
    this.wake();
    for (const stop of this.stoppers) stop();
    const loops = Promise.allSettled(this.loops);
    await Promise.race([loops, delay(3000)]);
    for (const channel of this.channels.values()) await channel.close();
    await loops;
  }
}
