import { existsSync } from 'node:fs';
import { ConfigError } from '../shared/errors.ts';
import { type BackoffOptions, defaultBackoff, Reconnector } from './hotplug.ts';
import type { DeviceState } from './scanner.ts';

export interface SerialLineOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 2;
  /** What the device is, for error messages: "scanner", "relay board", "passage sensor". */
  role: string;
  backoff?: BackoffOptions;
  /** Opens the port; defaults to the real `serialport` (tests pass @serialport/binding-mock's). */
  openPort?: PortOpener;
  /** Told the delay before each reopen attempt (logs, tests). */
  onRetry?: (delayMs: number) => void;
  /** How often to check that the device node still exists (0 = never; mock ports have none). */
  presenceCheckMs?: number;
}

export type SerialPortLike = {
  on(event: 'data', cb: (chunk: Buffer) => void): void;
  on(event: 'close' | 'error', cb: (err?: Error | null) => void): void;
  write(data: Buffer, cb?: (err: Error | null | undefined) => void): boolean;
  close(cb: (err: Error | null) => void): void;
  isOpen: boolean;
};

export type PortOpener = (
  options: Omit<SerialLineOptions, 'role' | 'backoff' | 'openPort' | 'onRetry' | 'presenceCheckMs'>,
) => Promise<SerialPortLike>;

/** Explains an open failure in words a technician can act on. */
export function describeSerialOpenError(path: string, err: unknown, role = 'scanner'): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/ENOENT|No such file|does not exist|cannot open/i.test(message) && !/Permission/i.test(message)) {
    return `${role} ${path}: no such device — check the cable and the path (ls -l /dev/serial/by-id/)`;
  }
  if (/EACCES|Permission denied/i.test(message)) {
    return `${role} ${path}: permission denied — install deploy/udev/99-tixmo.rules or add the user to the dialout group (sudo usermod -aG dialout $USER) and log in again`;
  }
  if (/EBUSY|Resource busy|lock/i.test(message)) {
    return `${role} ${path}: busy — another program holds the port (ModemManager? see README "Wiring a gate")`;
  }
  return `${role} ${path}: cannot open (${message})`;
}

/** The real driver, imported only when a serial device is opened (it is a native addon). */
const openRealPort: PortOpener = async (o) => {
  const { SerialPort } = await import('serialport');
  return new Promise<SerialPortLike>((resolve, reject) => {
    const p = new SerialPort(
      { path: o.path, baudRate: o.baudRate, dataBits: o.dataBits, parity: o.parity, stopBits: o.stopBits },
      (err) => (err ? reject(err) : resolve(p as unknown as SerialPortLike)),
    );
  });
};

/**
 * One serial port with hot-plug: if it closes on its own (unplugged), the state turns
 * `disconnected` and it is reopened with backoff; data listeners survive the reopen.
 * The first open fails loudly (a wrong path is a config mistake to fix now).
 */
export class SerialLine {
  state: DeviceState = 'connecting';
  private port: SerialPortLike | undefined;
  private closing = false;
  private readonly dataListeners: ((chunk: Buffer) => void)[] = [];
  private readonly stateListeners: ((state: DeviceState) => void)[] = [];
  private readonly reconnector: Reconnector;

  constructor(private readonly options: SerialLineOptions) {
    this.reconnector = new Reconnector(
      () => this.connect(),
      options.backoff ?? defaultBackoff,
      (ms) => options.onRetry?.(ms),
    );
  }

  get path(): string {
    return this.options.path;
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
  }

  onStateChange(listener: (state: DeviceState) => void): void {
    this.stateListeners.push(listener);
  }

  async open(): Promise<void> {
    this.closing = false;
    this.reconnector.restart();
    try {
      await this.connect();
    } catch (err) {
      this.setState('error');
      throw new ConfigError(describeSerialOpenError(this.options.path, err, this.options.role));
    }
  }

  /** Writes bytes; false when the device is away (the caller decides whether that matters). */
  write(data: Buffer): Promise<boolean> {
    const port = this.port;
    if (!port?.isOpen) return Promise.resolve(false);
    return new Promise((resolve) => port.write(data, (err) => resolve(!err)));
  }

  async close(): Promise<void> {
    this.closing = true;
    this.reconnector.stop();
    const port = this.port;
    this.port = undefined;
    this.setState('disconnected');
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private async connect(): Promise<void> {
    const {
      role: _role,
      backoff: _backoff,
      openPort,
      onRetry: _onRetry,
      presenceCheckMs: _presence,
      ...portOptions
    } = this.options;
    const port = await (openPort ?? openRealPort)(portOptions);
    if (this.closing) {
      port.close(() => undefined);
      return;
    }
    port.on('data', (chunk) => {
      for (const l of this.dataListeners) l(chunk);
    });
    const lost = () => {
      if (this.port !== port) return;
      this.port = undefined;
      if (this.closing) return;
      this.setState('disconnected');
      this.reconnector.schedule();
    };
    port.on('close', lost);
    this.watchPresence(port, lost);
    port.on('error', () => {
      if (port.isOpen) port.close(() => lost());
      else lost();
    });
    this.port = port;
    this.setState('open');
  }

  /**
   * udev removes /dev/ttyACM0 (and its /dev/serial/by-id link) on unplug. An idle port
   * whose driver has not failed a read yet would otherwise look open for ever.
   */
  private watchPresence(port: SerialPortLike, lost: () => void): void {
    const every = this.options.presenceCheckMs ?? (this.options.openPort ? 0 : 500);
    if (every <= 0) return;
    const timer = setInterval(() => {
      if (this.port !== port) return clearInterval(timer);
      if (!existsSync(this.options.path)) {
        clearInterval(timer);
        lost();
        if (port.isOpen) port.close(() => undefined);
      }
    }, every);
    timer.unref();
  }

  private setState(state: DeviceState): void {
    if (this.state === state) return;
    this.state = state;
    for (const l of this.stateListeners) l(state);
  }
}
