import { ConfigError } from '../shared/errors.ts';
import { type BackoffOptions, defaultBackoff, Reconnector } from './hotplug.ts';
import { stripAimPrefix } from './line-framer.ts';
import type { DeviceState, ScannerDevice } from './scanner.ts';

/** HID POS barcode scanners report on usage page 0x8C (USB HID Point of Sale usage tables). */
export const HID_POS_USAGE_PAGE = 0x8c;

/** The part of a node-hid device this driver uses; tests inject a fake at this boundary. */
export interface HidDeviceLike {
  on(event: 'data', cb: (report: Buffer) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  close(): Promise<void> | void;
}

export interface HidScannerOptions {
  vendorId?: number;
  productId?: number;
  /** /dev/hidrawN (or the path node-hid lists); wins over vendor/product. */
  path?: string;
  stripAimPrefix?: boolean;
  backoff?: BackoffOptions;
  /** Opens the device; defaults to node-hid on the hidraw driver, imported only here. */
  openDevice?: (options: HidScannerOptions) => Promise<HidDeviceLike>;
}

/**
 * One HID POS "scanned data" input report, as Honeywell and Zebra scanners send it:
 * byte 0 report id (0x02), byte 1 the data length in this report, bytes 2–4 the AIM
 * symbology identifier, bytes 5… the data, and the last byte's bit 0 set when the
 * read continues in the next report (codes longer than one report).
 */
export function parseHidPosReport(report: Buffer): { data: Buffer; more: boolean } | null {
  if (report.length < 6 || report[0] !== 0x02) return null;
  const length = Math.min(report[1]!, report.length - 6);
  return { data: report.subarray(5, 5 + length), more: (report[report.length - 1]! & 0x01) === 1 };
}

const openWithNodeHid = async (o: HidScannerOptions): Promise<HidDeviceLike> => {
  // node-hid loads native code at import; only an HID scanner in the config gets here.
  const hid = await import('node-hid');
  hid.setDriverType('hidraw');
  let path = o.path;
  if (!path) {
    const found = (await hid.devicesAsync(o.vendorId!, o.productId!)).find(
      (d) => d.usagePage === HID_POS_USAGE_PAGE || d.usagePage === undefined,
    );
    if (!found?.path) throw new Error('ENOENT: no HID POS device with that vendor and product id');
    path = found.path;
  }
  return hid.HIDAsync.open(path) as unknown as Promise<HidDeviceLike>;
};

function describeHidError(name: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/EACCES|permission|could not open/i.test(message))
    return `hid scanner ${name}: cannot open — install deploy/udev/99-tixmo.rules (hidraw permission for the tixmo group) and replug the scanner`;
  if (/ENOENT|no HID POS device/i.test(message))
    return `hid scanner ${name}: not found — check the cable, that the scanner is in HID POS mode (not keyboard), and the ids (lsusb)`;
  return `hid scanner ${name}: cannot open (${message})`;
}

/** A HID POS scanner read through hidraw, with the same hot-plug behaviour as serial ones. */
export class HidScanner implements ScannerDevice {
  readonly type = 'hid';
  state: DeviceState = 'connecting';
  private device: HidDeviceLike | undefined;
  private pending: Buffer[] = [];
  private closing = false;
  private readonly readListeners: ((code: string) => void)[] = [];
  private readonly badListeners: ((why: string) => void)[] = [];
  private readonly stateListeners: ((state: DeviceState) => void)[] = [];
  private readonly reconnector: Reconnector;

  constructor(private readonly options: HidScannerOptions) {
    this.reconnector = new Reconnector(() => this.connect(), options.backoff ?? defaultBackoff);
  }

  get path(): string {
    const hex = (n: number | undefined) => (n ?? 0).toString(16).padStart(4, '0');
    return this.options.path ?? `${hex(this.options.vendorId)}:${hex(this.options.productId)}`;
  }

  onRead(listener: (code: string) => void): void {
    this.readListeners.push(listener);
  }
  onBadRead(listener: (why: string) => void): void {
    this.badListeners.push(listener);
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
      throw new ConfigError(describeHidError(this.path, err));
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.reconnector.stop();
    const device = this.device;
    this.device = undefined;
    this.setState('disconnected');
    await device?.close();
  }

  private async connect(): Promise<void> {
    const device = await (this.options.openDevice ?? openWithNodeHid)(this.options);
    device.on('data', (report) => this.report(report));
    device.on('error', () => {
      // hidraw reports an unplug as a read error.
      if (this.device !== device) return;
      this.device = undefined;
      this.pending = [];
      void Promise.resolve(device.close()).catch(() => undefined);
      if (this.closing) return;
      this.setState('disconnected');
      this.reconnector.schedule();
    });
    this.device = device;
    this.setState('open');
  }

  private report(report: Buffer): void {
    const parsed = parseHidPosReport(report);
    if (!parsed) {
      for (const l of this.badListeners) l(`unexpected HID report (${report.length} bytes, id ${report[0]})`);
      return;
    }
    this.pending.push(Buffer.from(parsed.data));
    if (parsed.more) return;
    const text = Buffer.concat(this.pending).toString('utf8');
    this.pending = [];
    const code = this.options.stripAimPrefix ? stripAimPrefix(text) : text;
    for (const l of this.readListeners) l(code);
  }

  private setState(state: DeviceState): void {
    if (this.state === state) return;
    this.state = state;
    for (const l of this.stateListeners) l(state);
  }
}
