import type { Logger } from '../../shared/logger.ts';
import type { Heartbeat } from '../protocol.ts';
import { RetryLoop } from '../retry-loop.ts';
import type { CloudSyncClient } from './client.ts';
import type { VenueClock } from './venue-clock.ts';

/**
 * The edge's two standing conversations with the cloud besides pull and upload:
 * - a long-poll on GET /sync/wait that calls `onChange` the moment the cloud says the
 *   venue's manifest changed (so a refund reaches the gate in well under 2 s; the
 *   puller's timer stays as the fallback);
 * - a heartbeat that reports the node's sync state and measures its clock offset
 *   against the cloud on the round trip (offset = local midpoint − cloud time), which
 *   the venue clock then applies to every time rule (venue-clock.ts).
 */
export class CloudLink {
  private readonly watch: RetryLoop;
  private readonly beat: RetryLoop;
  private readonly abort = new AbortController();
  lastHeartbeatError: string | null = null;

  constructor(
    private readonly client: CloudSyncClient,
    private readonly options: {
      cursor: () => string;
      report: () => Omit<Heartbeat, 'sentAt' | 'clock'>;
      /** Pulls the manifest; the next wait starts after it finished. */
      onChange: () => Promise<void>;
      /** Takes each round trip's measurement; its correction is what the node reports. */
      clock: VenueClock;
      heartbeatIntervalMs: number;
      clockBoundMs: number;
      waitMs?: number;
      watch?: boolean;
      /** This computer's clock, uncorrected: the measurement is against it. */
      now: () => number;
      logger: Logger;
    },
  ) {
    this.watch = new RetryLoop(
      async () => {
        const { changed } = await client.waitForChange(
          options.cursor(),
          options.waitMs ?? 25_000,
          this.abort.signal,
        );
        if (changed) await options.onChange();
        return 'more';
      },
      {
        intervalMs: 0,
        maxBackoffMs: 10_000,
        onError: (err, retryInMs) => {
          if (!this.abort.signal.aborted)
            options.logger.debug('manifest watch failed', { error: (err as Error).message, retryInMs });
        },
      },
    );
    this.beat = new RetryLoop(() => this.heartbeat(), {
      intervalMs: options.heartbeatIntervalMs,
      onError: (err, retryInMs) => {
        this.lastHeartbeatError = (err as Error).message;
        options.logger.debug('heartbeat failed', { error: this.lastHeartbeatError, retryInMs });
      },
    });
  }

  async heartbeat(): Promise<'idle'> {
    const { clock } = this.options;
    const sent = this.options.now();
    // The round trip on the monotonic clock: a wall-clock step during the call cannot distort it.
    const started = performance.now();
    const ack = await this.client.heartbeat({
      ...this.options.report(),
      sentAt: new Date(clock.now()).toISOString(),
      clock: {
        offsetMs: clock.offsetMs(),
        boundMs: this.options.clockBoundMs,
        correctionMs: clock.correctionMs(),
      },
    });
    clock.record(sent, performance.now() - started, Date.parse(ack.serverTime));
    this.lastHeartbeatError = null;
    return 'idle';
  }

  start(): void {
    if (this.options.watch !== false) this.watch.start();
    this.beat.start();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all([this.watch.stop(), this.beat.stop()]);
  }
}
