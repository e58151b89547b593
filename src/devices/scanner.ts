/** What the lane sees of any barcode scanner, whatever the transport. */
export type DeviceState = 'connecting' | 'open' | 'disconnected' | 'error';

export interface ScannerDevice {
  readonly type: string;
  /** Device path or name, for status screens. */
  readonly path: string;
  readonly state: DeviceState;
  /** Called with each complete read, suffix removed. */
  onRead(listener: (code: string) => void): void;
  /** Called when a read could not be framed (too long); the device keeps working. */
  onBadRead(listener: (why: string) => void): void;
  /** Called when the device goes away or comes back (hot-plug). */
  onStateChange?(listener: (state: DeviceState) => void): void;
  /** Tells the scanner the verdict on its last read (beep/LED), where it supports that. */
  feedback?(good: boolean): Promise<void>;
  open(): Promise<void>;
  close(): Promise<void>;
}

/** Emits reads pushed by code: the demo's simulated arrivals and tests. */
export class SimulatedScanner implements ScannerDevice {
  readonly type = 'simulated';
  state: DeviceState = 'connecting';
  private readListeners: ((code: string) => void)[] = [];
  private badListeners: ((why: string) => void)[] = [];
  constructor(readonly path: string) {}
  onRead(listener: (code: string) => void): void {
    this.readListeners.push(listener);
  }
  onBadRead(listener: (why: string) => void): void {
    this.badListeners.push(listener);
  }
  async open(): Promise<void> {
    this.state = 'open';
  }
  async close(): Promise<void> {
    this.state = 'disconnected';
  }
  read(code: string): void {
    if (this.state !== 'open') return;
    for (const l of this.readListeners) l(code);
  }
}
