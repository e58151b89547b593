import { SerialPortMock } from 'serialport';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RelayBoard, relayCommand } from '../../src/devices/relay-board.ts';
import type { SerialPortLike } from '../../src/devices/serial-line.ts';
import {
  HONEYWELL_BAD,
  HONEYWELL_GOOD,
  SerialScanner,
  type SerialScannerOptions,
} from '../../src/devices/serial-scanner.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { eventually } from '../helpers/processes.ts';
import { openPtyPair, type PtyPair } from '../helpers/pty.ts';

const socat = requireBinary('socat', 'socat');
const fastBackoff = { initialMs: 20, maxMs: 100 };

describe.skipIf(!socat.available)('serial scanner through a real pseudo-terminal', () => {
  let pty: PtyPair;
  let scanner: SerialScanner | undefined;
  let reads: string[];
  let bad: string[];

  beforeAll(async () => {
    pty = await openPtyPair();
  });
  afterAll(async () => {
    await pty?.close();
  });
  afterEach(async () => {
    await scanner?.close();
    scanner = undefined;
  });

  const open = async (options: Partial<SerialScannerOptions>) => {
    reads = [];
    bad = [];
    scanner = new SerialScanner({
      path: pty.devicePath,
      baudRate: 9600,
      suffix: '\r\n',
      backoff: fastBackoff,
      ...options,
    });
    scanner.onRead((code) => reads.push(code));
    scanner.onBadRead((why) => bad.push(why));
    await scanner.open();
    return scanner;
  };
  const readsReach = (n: number) => eventually(() => (reads.length >= n ? reads : undefined), `${n} reads`);

  it.each([
    ['CRLF', '\r\n'],
    ['CR', '\r'],
    ['LF', '\n'],
  ])('frames reads by a %s suffix, also when split across writes', async (_name, suffix) => {
    await open({ suffix });
    pty.write(`FIRST${suffix}SEC`);
    pty.write(`OND${suffix}`);
    expect(await readsReach(2)).toEqual(['FIRST', 'SECOND']);
  });

  it('frames reads by an idle gap for scanners that send no suffix', async () => {
    await open({ framing: 'idle', idleGapMs: 40 });
    pty.write('NOSUFFIX-1');
    expect(await readsReach(1)).toEqual(['NOSUFFIX-1']);
    pty.write('NOSUFFIX-2');
    expect(await readsReach(2)).toEqual(['NOSUFFIX-1', 'NOSUFFIX-2']);
  });

  it('rejects an overlong read, tells the scanner it was bad, and keeps working', async () => {
    await open({ maxLineLength: 32, feedback: { mode: 'honeywell' } });
    const before = pty.received().length;
    pty.write(`${'X'.repeat(100)}\r\nSHORT\r\n`);
    expect(await readsReach(1)).toEqual(['SHORT']);
    expect(bad).toEqual(['read of 100 bytes is longer than allowed']);
    await eventually(
      () => (pty.received().subarray(before).equals(HONEYWELL_BAD) ? true : undefined),
      'bad-read acknowledgement',
    );
  });

  it('strips an AIM symbology prefix when asked, and only then', async () => {
    await open({ stripAimPrefix: true });
    pty.write(']Q1CODE-A\r\nCODE-B\r\n');
    expect(await readsReach(2)).toEqual(['CODE-A', 'CODE-B']);
    await scanner!.close();
    await open({ stripAimPrefix: false });
    pty.write(']Q1CODE-A\r\n');
    expect(await readsReach(1)).toEqual([']Q1CODE-A']);
  });

  it('survives bytes that are not UTF-8 (they become replacement characters, the next read is clean)', async () => {
    await open({});
    pty.write(Buffer.from([0xff, 0xfe, 0x41, 0x0d, 0x0a]));
    pty.write('CLEAN\r\n');
    expect(await readsReach(2)).toEqual(['\ufffd\ufffdA', 'CLEAN']);
  });

  it('sends Honeywell host-acknowledge bytes (ESC 7 , good; ESC 8 , bad) back to the scanner', async () => {
    const s = await open({ feedback: { mode: 'honeywell' } });
    const before = pty.received().length;
    await s.feedback(true);
    await s.feedback(false);
    const sent = await eventually(() => {
      const got = pty.received().subarray(before);
      return got.length >= 6 ? got : undefined;
    }, 'feedback bytes');
    expect(sent).toEqual(Buffer.concat([HONEYWELL_GOOD, HONEYWELL_BAD]));
    expect(sent.toString('latin1')).toBe('\x1b7,\x1b8,');
  });

  it('sends configured good/bad byte sequences for other scanners', async () => {
    const s = await open({
      feedback: { mode: 'bytes', good: Buffer.from([0x07]), bad: Buffer.from([0x15, 0x15]) },
    });
    const before = pty.received().length;
    await s.feedback(false);
    await s.feedback(true);
    expect(
      await eventually(() => {
        const got = pty.received().subarray(before);
        return got.length >= 3 ? got : undefined;
      }, 'feedback bytes'),
    ).toEqual(Buffer.from([0x15, 0x15, 0x07]));
  });

  it('is marked disconnected when unplugged and reopens by itself when plugged back in', async () => {
    const s = await open({});
    const states: string[] = [];
    s.onStateChange((state) => states.push(state));
    await pty.unplug();
    await eventually(() => (s.state === 'disconnected' ? true : undefined), 'disconnected state');
    await pty.replug();
    await eventually(() => (s.state === 'open' ? true : undefined), 'reopened');
    pty.write('AFTER-REPLUG\r\n');
    expect(await readsReach(1)).toEqual(['AFTER-REPLUG']);
    expect(states).toEqual(['disconnected', 'open']);
  });
});

describe.skipIf(!socat.available)('LCUS relay board through a real pseudo-terminal', () => {
  it('encodes channel commands with the checksum byte', () => {
    expect(relayCommand(1, true)).toEqual(Buffer.from([0xa0, 0x01, 0x01, 0xa2]));
    expect(relayCommand(1, false)).toEqual(Buffer.from([0xa0, 0x01, 0x00, 0xa1]));
    expect(relayCommand(2, true)).toEqual(Buffer.from([0xa0, 0x02, 0x01, 0xa3]));
  });

  it('pulses the relay: A0 01 01 A2, then A0 01 00 A1 after the pulse time', async () => {
    const pty = await openPtyPair();
    const relay = new RelayBoard({ path: pty.devicePath, baudRate: 9600, channel: 1, pulseMs: 60 });
    try {
      await relay.open();
      expect(await relay.pulse()).toBe(true);
      const bytes = await eventually(
        () => (pty.received().length >= 8 ? pty.received() : undefined),
        'on and off',
      );
      expect(bytes).toEqual(Buffer.from([0xa0, 0x01, 0x01, 0xa2, 0xa0, 0x01, 0x00, 0xa1]));
    } finally {
      await relay.close();
      await pty.close();
    }
  });

  it('switches off at close when a pulse is running, so a gate is never left open', async () => {
    const pty = await openPtyPair();
    const relay = new RelayBoard({ path: pty.devicePath, baudRate: 9600, channel: 2, pulseMs: 60_000 });
    await relay.open();
    await relay.pulse();
    await relay.close();
    const bytes = await eventually(
      () => (pty.received().length >= 8 ? pty.received() : undefined),
      'on and off',
    );
    expect(bytes).toEqual(Buffer.concat([relayCommand(2, true), relayCommand(2, false)]));
    await pty.close();
  });
});

describe('serial options and reopen backoff (@serialport/binding-mock: what a pty cannot show)', () => {
  const path = '/dev/ttyTIXMO-MOCK';
  let last: SerialPortMock | undefined;
  const openPort = (o: {
    path: string;
    baudRate: number;
    dataBits?: 5 | 6 | 7 | 8;
    parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
    stopBits?: 1 | 2;
  }) =>
    new Promise<SerialPortLike>((resolve, reject) => {
      const port = new SerialPortMock(o, (err) => {
        if (err) reject(err);
        else {
          last = port;
          resolve(port as unknown as SerialPortLike);
        }
      });
    });

  afterEach(() => SerialPortMock.binding.reset());

  it('opens with the configured baud rate, data bits, parity and stop bits', async () => {
    SerialPortMock.binding.createPort(path);
    const scanner = new SerialScanner({
      path,
      baudRate: 19200,
      dataBits: 7,
      parity: 'even',
      stopBits: 2,
      suffix: '\r',
      openPort,
    });
    await scanner.open();
    const binding = last!.port as unknown as { openOptions: Record<string, unknown> };
    expect(binding.openOptions).toMatchObject({ baudRate: 19200, dataBits: 7, parity: 'even', stopBits: 2 });
    await scanner.close();
  });

  it('retries a vanished port with doubling delays up to the cap, then reads again', async () => {
    SerialPortMock.binding.createPort(path);
    const delays: number[] = [];
    const reads: string[] = [];
    const scanner = new SerialScanner({
      path,
      baudRate: 9600,
      suffix: '\r',
      openPort,
      backoff: { initialMs: 10, maxMs: 40 },
      onRetry: (ms) => delays.push(ms),
    });
    scanner.onRead((c) => reads.push(c));
    await scanner.open();
    SerialPortMock.binding.reset(); // the device is gone: every reopen fails
    last!.close();
    await eventually(() => (delays.length >= 5 ? true : undefined), 'five reopen attempts');
    expect(scanner.state).toBe('disconnected');
    expect(delays.slice(0, 5)).toEqual([10, 20, 40, 40, 40]);
    SerialPortMock.binding.createPort(path);
    await eventually(() => (scanner.state === 'open' ? true : undefined), 'reopened');
    (last!.port as unknown as { emitData(d: string): void }).emitData('BACK\r');
    expect(await eventually(() => reads[0], 'a read after reopening')).toBe('BACK');
    await scanner.close();
  });

  it('a first open of a missing device fails with one line a technician can act on', async () => {
    const scanner = new SerialScanner({ path: '/dev/ttyTIXMO-none', baudRate: 9600, suffix: '\r', openPort });
    await expect(scanner.open()).rejects.toThrow(
      /scanner \/dev\/ttyTIXMO-none: no such device — check the cable/,
    );
  });
});
