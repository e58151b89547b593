import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';

const faketime = requireBinary('faketime', 'faketime');

function findLibrary(): string | null {
  for (const dir of readdirSync('/usr/lib')) {
    const path = join('/usr/lib', dir, 'faketime', 'libfaketime.so.1');
    if (existsSync(path)) return path;
  }
  return null;
}

export const faketimeAvailable = faketime.available;

/**
 * Environment that runs a child process with its wall clock moved by `offset` (libfaketime's
 * syntax: '+10m', '-10m'). The monotonic clock is left alone, as on a real computer whose
 * clock is set wrong: timers and round trips still measure true durations.
 */
export function skewedClockEnv(offset: string): NodeJS.ProcessEnv {
  const library = findLibrary();
  if (!library) throw new Error('libfaketime.so.1 not found: install the Debian package faketime');
  return { LD_PRELOAD: library, FAKETIME: offset, FAKETIME_DONT_FAKE_MONOTONIC: '1' };
}

/** What `Date.now()` minus the real time is in a node process run with that environment. */
export function measuredSkewMs(env: NodeJS.ProcessEnv): number {
  const before = Date.now();
  const out = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(Date.now()))'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const after = Date.now();
  return Number(out) - (before + after) / 2;
}
