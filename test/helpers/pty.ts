import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadStream } from 'node:tty';

export interface PtyPair {
  /** The end the edge opens, as if it were the scanner's /dev/ttyACM0. */
  devicePath: string;
  /** The end the test writes to, as the scanner. */
  scannerPath: string;
  /** Writes bytes as the scanner would send them. */
  write(data: string | Buffer): void;
  /** Every byte the edge wrote to the device so far (feedback, relay commands). */
  received(): Buffer;
  /** Called on each chunk the edge writes (benchmarks wait on this instead of polling). */
  onReceive(listener: () => void): void;
  /** Pulls the cable: socat exits, both ends vanish, the edge's reads fail. */
  unplug(): Promise<void>;
  /** Plugs it back in: a new pair at the same paths. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

async function startSocat(devicePath: string, scannerPath: string): Promise<ChildProcess> {
  const socat: ChildProcess = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${scannerPath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  socat.stderr!.on('data', (d) => {
    stderr += String(d);
  });
  for (
    let i = 0;
    i < 200 && !(existsSync(devicePath) && existsSync(scannerPath) && /starting data transfer/.test(stderr));
    i++
  ) {
    if (socat.exitCode !== null) throw new Error(`socat exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  if (!existsSync(devicePath)) throw new Error(`socat did not create the pty pair: ${stderr}`);
  return socat;
}

async function stopSocat(socat: ChildProcess): Promise<void> {
  if (socat.exitCode === null && socat.signalCode === null) socat.kill('SIGTERM');
  await new Promise((r) =>
    socat.exitCode !== null || socat.signalCode !== null ? r(null) : socat.once('exit', r),
  );
}

/** A real pseudo-terminal pair from socat: raw mode, no echo. */
export async function openPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-pty-'));
  const devicePath = join(dir, 'ttyScanner');
  const scannerPath = join(dir, 'ttyHost');
  let socat = await startSocat(devicePath, scannerPath);
  let fd = openSync(scannerPath, 'r+');
  let chunks: Buffer[] = [];
  let reader: ReadStream | undefined;
  const listeners: (() => void)[] = [];
  const startReader = () => {
    // A tty stream reads the pty without blocking a libuv pool thread.
    reader = new ReadStream(fd);
    reader.setRawMode(true);
    reader.on('data', (d: Buffer) => {
      chunks.push(Buffer.from(d));
      for (const l of listeners) l();
    });
    reader.on('error', () => undefined);
  };
  const stopReader = () => {
    reader?.removeAllListeners('data');
    reader?.destroy();
    reader = undefined;
  };
  startReader();
  return {
    devicePath,
    scannerPath,
    write(data) {
      // The reader made the fd non-blocking: a full pty buffer (nobody reading the
      // device end, e.g. the edge was killed) answers EAGAIN. Wait for room, briefly.
      let bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let tries = 0; bytes.length > 0; ) {
        try {
          bytes = bytes.subarray(writeSync(fd, bytes));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EAGAIN' || ++tries > 400) throw err;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        }
      }
    },
    received() {
      if (chunks.length > 1) chunks = [Buffer.concat(chunks)];
      return chunks[0] ?? Buffer.alloc(0);
    },
    onReceive(listener) {
      listeners.push(listener);
    },
    async unplug() {
      stopReader();
      await stopSocat(socat);
    },
    async replug() {
      socat = await startSocat(devicePath, scannerPath);
      fd = openSync(scannerPath, 'r+');
      chunks = [];
      startReader();
    },
    async close() {
      stopReader();
      try {
        closeSync(fd);
      } catch {
        // already closed with the reader
      }
      await stopSocat(socat);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
