import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The end the edge opens, as if it were the scanner's /dev/ttyACM0. */
  devicePath: string;
  /** The end the test writes to, as the scanner. */
  scannerPath: string;
  /** Writes bytes as the scanner would send them. */
  write(data: string | Buffer): void;
  close(): Promise<void>;
}

/** A real pseudo-terminal pair from socat: raw mode, no echo. */
export async function openPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-pty-'));
  const devicePath = join(dir, 'ttyScanner');
  const scannerPath = join(dir, 'ttyHost');
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
  const fd = openSync(scannerPath, 'w');
  return {
    devicePath,
    scannerPath,
    write(data) {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    },
    async close() {
      closeSync(fd);
      socat.kill('SIGTERM');
      await new Promise((r) => (socat.exitCode !== null ? r(null) : socat.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
