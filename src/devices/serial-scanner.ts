import type { BackoffOptions } from './hotplug.ts';
import { IdleGapFramer, LineFramer, stripAimPrefix } from './line-framer.ts';
import type { DeviceState, ScannerDevice } from './scanner.ts';
import { type PortOpener, SerialLine } from './serial-line.ts';

export { describeSerialOpenError } from './serial-line.ts';

/** Honeywell host-acknowledge mode: the scanner holds its beep until the host answers. */
export const HONEYWELL_GOOD = Buffer.from('\x1b7,', 'latin1');
export const HONEYWELL_BAD = Buffer.from('\x1b8,', 'latin1');

export type ScannerFeedback =
  | { mode: 'none' }
  | { mode: 'honeywell' }
  | { mode: 'bytes'; good: Buffer; bad: Buffer };

export interface SerialScannerOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 2;
  suffix: string;
  framing?: 'suffix' | 'idle';
  idleGapMs?: number;
  maxLineLength?: number;
  stripAimPrefix?: boolean;
  feedback?: ScannerFeedback;
  backoff?: BackoffOptions;
  openPort?: PortOpener;
  onRetry?: (delayMs: number) => void;
}

/**
 * A USB-CDC or RS-232 scanner. `serialport` (a native addon) is imported only when a
 * serial scanner is opened, so the cloud and the tests that need none never load it.
 */
export class SerialScanner implements ScannerDevice {
  readonly type = 'serial';
  private readonly line: SerialLine;
  private readListeners: ((code: string) => void)[] = [];
  private badListeners: ((why: string) => void)[] = [];

  constructor(private readonly options: SerialScannerOptions) {
    this.line = new SerialLine({ ...options, role: 'scanner' });
    const maxLength = options.maxLineLength ?? 4096;
    const events = {
      line: (text: string) => {
        const code = options.stripAimPrefix ? stripAimPrefix(text) : text;
        for (const l of this.readListeners) l(code);
      },
      overlong: (bytes: number) => {
        for (const l of this.badListeners) l(`read of ${bytes} bytes is longer than allowed`);
        // An overlong read is a bad read: tell the scanner, as for a rejected ticket.
        void this.feedback(false);
      },
    };
    const framer =
      options.framing === 'idle'
        ? new IdleGapFramer(options.idleGapMs ?? 50, events, maxLength)
        : new LineFramer(options.suffix, events, maxLength);
    this.line.onData((chunk) => framer.push(chunk));
  }

  get path(): string {
    return this.options.path;
  }

  get state(): DeviceState {
    return this.line.state;
  }

  onRead(listener: (code: string) => void): void {
    this.readListeners.push(listener);
  }

  onBadRead(listener: (why: string) => void): void {
    this.badListeners.push(listener);
  }

  onStateChange(listener: (state: DeviceState) => void): void {
    this.line.onStateChange(listener);
  }

  async feedback(good: boolean): Promise<void> {
    const f = this.options.feedback;
    if (!f || f.mode === 'none') return;
    const bytes = f.mode === 'honeywell' ? (good ? HONEYWELL_GOOD : HONEYWELL_BAD) : good ? f.good : f.bad;
    await this.line.write(bytes);
  }

  open(): Promise<void> {
    return this.line.open();
  }

  close(): Promise<void> {
    return this.line.close();
  }
}
