import { ConfigError } from '../shared/errors.ts';
import { LineFramer } from './line-framer.ts';
import type { DeviceState, ScannerDevice } from './scanner.ts';

export interface SerialScannerOptions {
  path: string;
  baudRate: number;
  suffix: string;
  maxLineLength?: number;
}

type SerialPortLike = {
  on(event: 'data', cb: (chunk: Buffer) => void): void;
  on(event: 'close' | 'error', cb: (err?: Error | null) => void): void;
  close(cb: (err: Error | null) => void): void;
  isOpen: boolean;
};

/** Explains an open failure in words a technician can act on. */
export function describeSerialOpenError(path: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/ENOENT|No such file|cannot open/i.test(message) && !/Permission/i.test(message)) {
    return `scanner ${path}: no such device — check the cable and the path (ls -l /dev/serial/by-id/)`;
  }
  if (/EACCES|Permission denied/i.test(message)) {
    return `scanner ${path}: permission denied — add the user to the dialout group (sudo usermod -aG dialout $USER) and log in again`;
  }
  if (/EBUSY|Resource busy|lock/i.test(message)) {
    return `scanner ${path}: busy — another program holds the port (ModemManager? see README "Wiring a gate")`;
  }
  return `scanner ${path}: cannot open (${message})`;
}

/**
 * A USB-CDC or RS-232 scanner. `serialport` (a native addon) is imported only when a
 * serial scanner is opened, so the cloud and the tests that need none never load it.
 */
export class SerialScanner implements ScannerDevice {
  readonly type = 'serial';
  state: DeviceState = 'connecting';
  private port: SerialPortLike | undefined;
  private readListeners: ((code: string) => void)[] = [];
  private badListeners: ((why: string) => void)[] = [];

  constructor(private readonly options: SerialScannerOptions) {}

  get path(): string {
    return this.options.path;
  }

  onRead(listener: (code: string) => void): void {
    this.readListeners.push(listener);
  }

  onBadRead(listener: (why: string) => void): void {
    this.badListeners.push(listener);
  }

  async open(): Promise<void> {
    const { SerialPort } = await import('serialport');
    const framer = new LineFramer(
      this.options.suffix,
      {
        line: (text) => {
          for (const l of this.readListeners) l(text);
        },
        overlong: (bytes) => {
          for (const l of this.badListeners) l(`read of ${bytes} bytes is longer than allowed`);
        },
      },
      this.options.maxLineLength ?? 4096,
    );
    const port = await new Promise<SerialPortLike>((resolve, reject) => {
      const p = new SerialPort({ path: this.options.path, baudRate: this.options.baudRate }, (err) => {
        if (err) reject(new ConfigError(describeSerialOpenError(this.options.path, err)));
        else resolve(p as unknown as SerialPortLike);
      });
    });
    port.on('data', (chunk) => framer.push(chunk));
    port.on('close', () => {
      this.state = 'disconnected';
    });
    port.on('error', () => {
      this.state = 'error';
    });
    this.port = port;
    this.state = 'open';
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    this.state = 'disconnected';
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
