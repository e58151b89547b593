import type { BackoffOptions } from './hotplug.ts';
import type { DeviceState } from './scanner.ts';
import { type PortOpener, SerialLine } from './serial-line.ts';

/**
 * LCUS-type USB serial relay boards (CH340 + relays): 4-byte commands
 * `A0 <channel> <0|1> <checksum>` where checksum = the low byte of the sum of the first three.
 */
export function relayCommand(channel: number, on: boolean): Buffer {
  const state = on ? 1 : 0;
  return Buffer.from([0xa0, channel, state, (0xa0 + channel + state) & 0xff]);
}

export interface RelayBoardOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 2;
  channel: number;
  pulseMs: number;
  backoff?: BackoffOptions;
  openPort?: PortOpener;
  onRetry?: (delayMs: number) => void;
}

/** A gate opened by pulsing one relay: on, wait pulseMs, off. */
export class RelayBoard {
  readonly type = 'relay';
  private readonly line: SerialLine;
  private offTimer: NodeJS.Timeout | undefined;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: RelayBoardOptions) {
    this.line = new SerialLine({ ...options, role: 'relay board' });
  }

  get path(): string {
    return this.options.path;
  }

  get state(): DeviceState {
    return this.line.state;
  }

  onStateChange(listener: (state: DeviceState) => void): void {
    this.line.onStateChange(listener);
  }

  open(): Promise<void> {
    return this.line.open();
  }

  /**
   * Opens the gate. A pulse while one is running extends it (two people admitted
   * back to back get one longer opening, not a close in between); ON is sent again
   * each time, which the board ignores but a technician's line monitor can count.
   * False when the board is unplugged.
   */
  async pulse(): Promise<boolean> {
    if (this.offTimer) clearTimeout(this.offTimer);
    this.offTimer = setTimeout(() => {
      this.offTimer = undefined;
      void this.line.write(relayCommand(this.options.channel, false)).then(() => this.wakeIdle());
    }, this.options.pulseMs);
    return this.line.write(relayCommand(this.options.channel, true));
  }

  /** Resolves once no pulse is running (OFF sent): a stopping edge lets the last opening finish. */
  idle(): Promise<void> {
    if (!this.offTimer) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.offTimer) {
      clearTimeout(this.offTimer);
      this.offTimer = undefined;
      await this.line.write(relayCommand(this.options.channel, false));
    }
    this.wakeIdle();
    await this.line.close();
  }

  private wakeIdle(): void {
    if (this.offTimer) return; // a new pulse started meanwhile
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
