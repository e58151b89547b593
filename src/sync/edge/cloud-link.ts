import type { Logger } from '../../shared/logger.ts';
import type { Heartbeat } from '../protocol.ts';
import { RetryLoop } from '../retry-loop.ts';
import type { CloudSyncClient } from './client.ts';

/**
 * The edge's two standing conversations with the cloud besides pull and upload:
 * - a long-poll on GET /sync/wait that calls `onChange` the moment the cloud says the
 *   venue's manifest changed (so a refund reaches the gate in well under 2 s; the
 *   puller's timer stays as the fallback);
 * - a heartbeat that reports the node's sync state and measures its clock offset
 *   against the cloud on the round trip (offset = local midpoint − cloud time).
 */
export class CloudLink {
  private readonly watch: RetryLoop;
  private readonly beat: RetryLoop;
  private readonly abort = new AbortController();
  offsetMs: number | null = null;
  measuredAt: string | null = null;
  lastHeartbeatError: string | null = null;

  constructor(
    private readonly client: CloudSyncClient,
    private readonly options: {
      cursor: () => string;
      report: () => Omit<Heartbeat, 'sentAt' | 'clock'>;
      /** Pulls the manifest; the next wait starts after it finished. */
      onChange: () => Promise<void>;
      /** The cloud's time as seen on a round trip (lets the HLC catch up with a clock that lags). */
      onCloudTime?: (ms: number) => void;
      heartbeatIntervalMs: number;
      clockBoundMs: number;
      waitMs?: number;
      watch?: boolean;
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
    const sent = this.options.now();
    const ack = await this.client.heartbeat({
      ...this.options.report(),
      sentAt: new Date(sent).toISOString(),
      clock: { offsetMs: this.offsetMs, boundMs: this.options.clockBoundMs },
    });
    const received = this.options.now();
    const cloud = Date.parse(ack.serverTime);
    this.offsetMs = Math.round((sent + received) / 2 - cloud);
    this.measuredAt = new Date(received).toISOString();
    this.lastHeartbeatError = null;
    this.options.onCloudTime?.(cloud + (received - sent) / 2);
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
