/**
 * Hybrid logical clock (Kulkarni et al.): wall time in ms plus a logical counter,
 * so events stay causally ordered across nodes whose clocks disagree a little.
 * Encoded as a fixed-width string that sorts lexicographically:
 * `<ms, 13 digits>-<counter, 5 digits>-<nodeId>`.
 */
export interface HlcTimestamp {
  ms: number;
  counter: number;
  node: string;
}

const MAX_COUNTER = 99_999;

export class HybridClock {
  private ms = 0;
  private counter = 0;
  constructor(
    private readonly node: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** A timestamp for a local event. */
  tick(): string {
    const wall = this.now();
    if (wall > this.ms) {
      this.ms = wall;
      this.counter = 0;
    } else {
      this.counter++;
      this.carry();
    }
    return encodeHlc({ ms: this.ms, counter: this.counter, node: this.node });
  }

  /** Merge a timestamp received from elsewhere (a peer, or our own journal after restart). */
  observe(remote: string): void {
    const r = decodeHlc(remote);
    const wall = this.now();
    const max = Math.max(wall, this.ms, r.ms);
    if (max === this.ms && max === r.ms) this.counter = Math.max(this.counter, r.counter) + 1;
    else if (max === this.ms) this.counter++;
    else if (max === r.ms) this.counter = r.counter + 1;
    else this.counter = 0;
    this.ms = max;
    this.carry();
  }

  /**
   * The counter has five digits in the encoding: past them, move the logical time on by
   * a millisecond instead (a clock corrected backwards holds the HLC for as long as the
   * correction, and a busy gate ticks more than 99,999 times in minutes).
   */
  private carry(): void {
    if (this.counter > MAX_COUNTER) {
      this.ms++;
      this.counter = 0;
    }
  }
}

export function encodeHlc(t: HlcTimestamp): string {
  return `${String(t.ms).padStart(13, '0')}-${String(t.counter).padStart(5, '0')}-${t.node}`;
}

export function decodeHlc(s: string): HlcTimestamp {
  const m = /^(\d{13})-(\d{5})-(.+)$/.exec(s);
  if (!m) throw new Error(`not an HLC timestamp: ${s}`);
  return { ms: Number(m[1]), counter: Number(m[2]), node: m[3]! };
}
