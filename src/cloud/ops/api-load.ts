/**
 * How busy this instance's API is: requests started per second (the larger of the last
 * full second and the current one). Work that can wait a little — the outbox's mail and
 * in-app messages — reads it to yield to an on-sale instead of taking the CPU from the
 * orders that cause that work.
 */
export class ApiLoad {
  private second = 0;
  private current = 0;
  private previous = 0;

  constructor(private readonly clockMs: () => number = () => performance.now()) {}

  /** One request started. */
  mark(): void {
    this.roll();
    this.current++;
  }

  perSecond(): number {
    this.roll();
    return Math.max(this.previous, this.current);
  }

  private roll(): void {
    const second = Math.floor(this.clockMs() / 1000);
    if (second === this.second) return;
    this.previous = second === this.second + 1 ? this.current : 0;
    this.current = 0;
    this.second = second;
  }
}
