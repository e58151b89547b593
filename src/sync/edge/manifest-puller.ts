import type { Logger } from '../../shared/logger.ts';
import type { ManifestPage } from '../protocol.ts';
import { RetryLoop } from '../retry-loop.ts';
import type { CloudSyncClient } from './client.ts';

export interface ManifestSink {
  cursor(): string;
  /** Must persist the page and its cursor atomically. */
  apply(page: ManifestPage): Promise<void>;
}

export interface PullProgress {
  tickets: number;
  remaining: number;
  pages: number;
}

/**
 * Pulls manifest pages until caught up, then polls. Each page is applied with its
 * cursor, so an interrupted full pull resumes where it stopped.
 */
export class ManifestPuller {
  private readonly loop: RetryLoop;
  private waiters: (() => void)[] = [];
  private stopped = false;
  lastError: string | null = null;

  constructor(
    private readonly client: CloudSyncClient,
    private readonly sink: ManifestSink,
    private readonly options: {
      intervalMs: number;
      pageSize?: number;
      logger: Logger;
      onProgress?: (p: PullProgress) => void;
    },
  ) {
    this.loop = new RetryLoop(
      async () => {
        const waiting = this.waiters.splice(0);
        try {
          await this.pullAll();
        } finally {
          for (const w of waiting) w();
        }
        return 'idle';
      },
      {
        intervalMs: options.intervalMs,
        onError: (err, retryInMs) => {
          this.lastError = (err as Error).message;
          options.logger.warn('manifest pull failed', { error: this.lastError, retryInMs });
        },
        onRecovered: (failures) => options.logger.info('cloud reachable again', { failedPulls: failures }),
      },
    );
  }

  private tail: Promise<unknown> = Promise.resolve();

  /** Pulls every page available now; calls run one after another, never two pulls at once. */
  pullAll(): Promise<PullProgress> {
    const next = this.tail.then(() => this.pullPages());
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async pullPages(): Promise<PullProgress> {
    const progress: PullProgress = { tickets: 0, remaining: 0, pages: 0 };
    for (;;) {
      const page = await this.client.manifestPage(this.sink.cursor(), this.options.pageSize ?? 5000);
      await this.sink.apply(page);
      progress.pages++;
      progress.tickets += page.tickets.length;
      progress.remaining = page.remaining;
      this.lastError = null;
      if (page.tickets.length > 0 || progress.pages === 1) this.options.onProgress?.(progress);
      if (!page.hasMore) return progress;
    }
  }

  start(): void {
    this.loop.start();
  }

  wake(): void {
    this.loop.wake();
  }

  /**
   * Wakes the loop and resolves when its next pass (successful or not) is over — or at
   * stop(), which also ends a wait that began before the loop ever started (the long-poll
   * heard of a change while a fresh journal's rebuild still held the first pull back).
   */
  pullNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.loop.wake();
    return done;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.waiters.splice(0)) w();
    await this.loop.stop();
    for (const w of this.waiters.splice(0)) w();
  }
}
