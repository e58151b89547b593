/**
 * Runs a task forever: again at once while it says there is more, after `intervalMs`
 * when idle, and after exponential backoff with full jitter when it fails.
 * `wake()` cuts the current wait short.
 */
export class RetryLoop {
  private running = false;
  private failures = 0;
  private wakeUp: (() => void) | undefined;
  /** A wake() that came while the task ran: the next wait is skipped, not lost. */
  private woken = false;
  private timer: NodeJS.Timeout | undefined;
  private done: Promise<void> | undefined;

  constructor(
    private readonly task: () => Promise<'more' | 'idle'>,
    private readonly options: {
      intervalMs: number;
      maxBackoffMs?: number;
      onError: (err: unknown, retryInMs: number) => void;
      /** The task succeeded again after `failures` failed runs (say that it works again). */
      onRecovered?: (failures: number) => void;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.done;
  }

  /**
   * Like wake(), but leaves a backoff after failures alone: the uploader calls it after
   * every scan, and at an offline gate each call would otherwise start a doomed upload.
   */
  nudge(): void {
    if (this.failures === 0) this.wake();
  }

  wake(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const w = this.wakeUp;
    this.wakeUp = undefined;
    if (w) w();
    else this.woken = true;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let wait: number;
      this.woken = false;
      try {
        const result = await this.task();
        if (this.failures > 0) this.options.onRecovered?.(this.failures);
        this.failures = 0;
        wait = result === 'more' ? 0 : this.options.intervalMs;
      } catch (err) {
        // A failure the stop itself caused (its calls were cut) is not one to report.
        if (!this.running) break;
        this.failures++;
        const cap = Math.min(this.options.maxBackoffMs ?? 30_000, 250 * 2 ** Math.min(this.failures, 16));
        wait = Math.round(cap / 2 + Math.random() * (cap / 2));
        this.options.onError(err, wait);
      }
      if (!this.running) break;
      if (wait > 0 && !this.woken) {
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          this.timer = setTimeout(resolve, wait);
        });
        this.wakeUp = undefined;
      }
    }
  }
}
