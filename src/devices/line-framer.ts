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
