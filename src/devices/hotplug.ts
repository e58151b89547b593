/**
 * Reopening a device that went away (USB unplugged, cable pulled) with exponential
 * backoff: 250 ms, 500 ms, 1 s … up to `maxMs`, reset once it opens again. The lane
 * keeps working with its other devices meanwhile; the state shows `disconnected`.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 250, maxMs: 5000 };

export class Backoff {
  private attempt = 0;
  constructor(private readonly options: BackoffOptions = defaultBackoff) {}

  /** The wait before the next attempt; each call doubles it up to the cap. */
  next(): number {
    const ms = Math.min(this.options.maxMs, this.options.initialMs * 2 ** this.attempt);
    this.attempt++;
    return ms;
  }

  reset(): void {
    this.attempt = 0;
  }
}

/**
 * Keeps calling `reopen` with backoff until it succeeds or `stop()` is called.
 * `onAttempt` lets status screens and tests see the delays it chose.
 */
export class Reconnector {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly backoff: Backoff;

  constructor(
    private readonly reopen: () => Promise<void>,
    options: BackoffOptions = defaultBackoff,
    private readonly onAttempt: (delayMs: number, err?: unknown) => void = () => undefined,
  ) {
    this.backoff = new Backoff(options);
  }

  schedule(lastError?: unknown): void {
    if (this.stopped || this.timer) return;
    const delay = this.backoff.next();
    this.onAttempt(delay, lastError);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.reopen().then(
        () => this.backoff.reset(),
        (err) => this.schedule(err),
      );
    }, delay);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Allows scheduling again after a stop (a device closed and reopened by hand). */
  restart(): void {
    this.stopped = false;
  }
}
