import type { BackoffOptions } from './hotplug.ts';
import type { DeviceState } from './scanner.ts';
import { type PortOpener, SerialLine } from './serial-line.ts';

export interface PassageSensorOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 2;
  backoff?: BackoffOptions;
  openPort?: PortOpener;
}

/**
 * A turnstile's "someone went through" signal on a serial line (a rotation contact
 * wired to a USB-serial input module, or the turnstile controller's own output). Each
 * chunk of bytes received is one passage; controllers send one short message per turn.
 */
export class PassageSensor {
  readonly type = 'passage';
  private readonly line: SerialLine;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly options: PassageSensorOptions) {
    this.line = new SerialLine({ ...options, role: 'passage sensor' });
    this.line.onData(() => {
      for (const l of this.listeners) l();
    });
  }

  get path(): string {
    return this.options.path;
  }

  get state(): DeviceState {
    return this.line.state;
  }

  onPassage(listener: () => void): void {
    this.listeners.push(listener);
  }

  onStateChange(listener: (state: DeviceState) => void): void {
    this.line.onStateChange(listener);
  }

  open(): Promise<void> {
    return this.line.open();
  }

  close(): Promise<void> {
    return this.line.close();
  }
}
