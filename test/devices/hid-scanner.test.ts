import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type HidDeviceLike, HidScanner, parseHidPosReport } from '../../src/devices/hid-scanner.ts';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { eventually } from '../helpers/processes.ts';

/**
 * No HID device can exist on this machine, so these tests inject a fake device object
 * at the driver's boundary (what node-hid's HIDAsync hands over: 'data' and 'error'
 * events, close()). What they cannot show: node-hid opening a real /dev/hidraw node.
 */
class FakeHid extends EventEmitter implements HidDeviceLike {
  closed = false;
  close() {
    this.closed = true;
  }
}

/** One HID POS scanned-data report: id 2, length, AIM id, data, padding, continuation flag. */
function report(data: string, more = false, aim = ']Q1'): Buffer {
  const r = Buffer.alloc(64);
  r[0] = 0x02;
  r[1] = Buffer.byteLength(data);
  r.write(aim, 2, 'latin1');
  r.write(data, 5, 'latin1');
  r[63] = more ? 1 : 0;
  return r;
}

describe('HID POS scanner driver (fake device at the node-hid boundary)', () => {
  it('parses one report and its continuation flag', () => {
    expect(parseHidPosReport(report('ABC'))).toEqual({ data: Buffer.from('ABC'), more: false });
    expect(parseHidPosReport(report('ABC', true))!.more).toBe(true);
    expect(parseHidPosReport(Buffer.from([0x01, 0x00, 0x04]))).toBeNull();
  });

  it('joins reads that span several reports, strips the AIM id when asked, and reports junk', async () => {
    const devices: FakeHid[] = [];
    const scanner = new HidScanner({
      vendorId: 0x0c2e,
      productId: 0x0b61,
      stripAimPrefix: false,
      openDevice: async () => {
        const d = new FakeHid();
        devices.push(d);
        return d;
      },
    });
    const reads: string[] = [];
    const bad: string[] = [];
    scanner.onRead((c) => reads.push(c));
    scanner.onBadRead((w) => bad.push(w));
    await scanner.open();
    expect(scanner.path).toBe('0c2e:0b61');
    expect(scanner.state).toBe('open');
    devices[0]!.emit('data', report('eyJhbGciOiJFZERTQSJ9.', true));
    devices[0]!.emit('data', report('payload.signature'));
    devices[0]!.emit('data', Buffer.from([0x07, 0x01]));
    expect(reads).toEqual(['eyJhbGciOiJFZERTQSJ9.payload.signature']);
    expect(bad).toEqual(['unexpected HID report (2 bytes, id 7)']);
    await scanner.close();
    expect(devices[0]!.closed).toBe(true);
  });

  it('goes disconnected on a read error (unplug) and reopens with backoff', async () => {
    const devices: FakeHid[] = [];
    let present = true;
    const scanner = new HidScanner({
      path: '/dev/hidraw7',
      backoff: { initialMs: 10, maxMs: 20 },
      openDevice: async () => {
        if (!present) throw new Error('ENOENT: could not find device');
        const d = new FakeHid();
        devices.push(d);
        return d;
      },
    });
    await scanner.open();
    present = false;
    devices[0]!.emit('error', new Error('could not read from HID device'));
    expect(scanner.state).toBe('disconnected');
    present = true;
    await eventually(() => (scanner.state === 'open' ? true : undefined), 'reopened');
    const reads: string[] = [];
    scanner.onRead((c) => reads.push(c));
    devices[1]!.emit('data', report('AGAIN'));
    expect(reads).toEqual(['AGAIN']);
    await scanner.close();
  });

  it('explains a first open that fails in words a technician can act on', async () => {
    const scanner = new HidScanner({
      path: '/dev/hidraw9',
      openDevice: async () => {
        throw new Error('EACCES: permission denied');
      },
    });
    await expect(scanner.open()).rejects.toThrow(
      /hid scanner \/dev\/hidraw9: cannot open — install deploy\/udev\/99-tixmo.rules/,
    );
  });
});

describe('scanner config mistakes', () => {
  const base = { cloudUrl: 'http://127.0.0.1:3000', nodeToken: 'node-id.secret-secret' };
  const errorOf = (scanners: unknown[]) => {
    try {
      parseEdgeConfig({ ...base, lanes: [{ id: 'a', direction: 'entry', scanners }] });
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('expected a config error');
  };

  it('says keyboard-wedge scanners cannot be read, and what to do instead', () => {
    expect(errorOf([{ type: 'keyboard' }])).toMatch(
      /keyboard-wedge scanners type into whatever window has focus and cannot be read by the edge: switch the scanner to USB serial \(CDC\) or HID POS mode/,
    );
    expect(errorOf([{ type: 'hid', mode: 'keyboard', vendorId: 1, productId: 2 }])).toMatch(
      /mode: keyboard-wedge scanners/,
    );
  });

  it('wants an HID scanner named by path or by vendor and product id', () => {
    expect(errorOf([{ type: 'hid', vendorId: 1 }])).toMatch(
      /name the scanner by path \(\/dev\/hidraw0\) or by vendorId and productId/,
    );
  });

  it('reads hex feedback bytes and refuses bad ones', () => {
    const config = parseEdgeConfig({
      ...base,
      lanes: [
        {
          id: 'a',
          direction: 'entry',
          scanners: [
            { type: 'serial', path: '/dev/ttyACM0', feedback: { mode: 'bytes', good: '07', bad: '15 15' } },
          ],
        },
      ],
    });
    expect(config.lanes[0]!.scanners[0]).toMatchObject({
      feedback: { good: Buffer.from([7]), bad: Buffer.from([0x15, 0x15]) },
    });
    expect(
      errorOf([{ type: 'serial', path: 'x', feedback: { mode: 'bytes', good: 'zz', bad: '01' } }]),
    ).toMatch(/feedback\.good: must be hex bytes/);
  });
});
