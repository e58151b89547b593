/**
 * Splits a scanner's byte stream into lines by a suffix (CR, LF, CRLF, or any byte
 * sequence). A line longer than `maxLength` bytes is dropped whole, reported once,
 * and framing resumes at the next suffix, so one bad read never wedges the port.
 */
export interface FramerEvents {
  line(text: string): void;
  overlong?(bytes: number): void;
}

export class LineFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private discarding = false;
  private discarded = 0;
  private readonly suffix: Buffer;

  constructor(
    suffix: string,
    private readonly events: FramerEvents,
    private readonly maxLength = 4096,
  ) {
    if (suffix.length === 0) throw new Error('line suffix must not be empty');
    this.suffix = Buffer.from(suffix, 'latin1');
  }

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const at = this.buffer.indexOf(this.suffix);
      if (at === -1) break;
      const body = this.buffer.subarray(0, at);
      this.buffer = this.buffer.subarray(at + this.suffix.length);
      if (this.discarding) {
        this.events.overlong?.(this.discarded + body.length);
        this.discarding = false;
        this.discarded = 0;
      } else if (body.length > this.maxLength) {
        this.events.overlong?.(body.length);
      } else {
        this.events.line(body.toString('utf8'));
      }
    }
    // Keep just enough to find a suffix split across chunks.
    if (this.buffer.length > this.maxLength + this.suffix.length) {
      this.discarding = true;
      const keep = this.suffix.length - 1;
      this.discarded += this.buffer.length - keep;
      this.buffer = Buffer.from(this.buffer.subarray(this.buffer.length - keep));
    }
  }
}

/**
 * For scanners that send no suffix: a read ends when the line has been quiet for
 * `gapMs`. Same overlong rule as LineFramer.
 */
export class IdleGapFramer {
  private chunks: Buffer[] = [];
  private length = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly gapMs: number,
    private readonly events: FramerEvents,
    private readonly maxLength = 4096,
  ) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.end(), this.gapMs);
  }

  /** Ends the current read now (the gap elapsed, or the port is closing). */
  end(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.length === 0) return;
    const body = Buffer.concat(this.chunks);
    this.chunks = [];
    this.length = 0;
    if (body.length > this.maxLength) this.events.overlong?.(body.length);
    else this.events.line(body.toString('utf8'));
  }
}

/**
 * AIM symbology identifiers are `]` + code character + modifier (]Q1 for QR, ]C0 for
 * Code 128, ]L2 for PDF417). Scanners configured to send them put one before each read.
 */
export function stripAimPrefix(text: string): string {
  return /^\][A-Za-z][0-9A-Za-z]/.test(text) ? text.slice(3) : text;
}
