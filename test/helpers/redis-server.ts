import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { which } from './binaries.ts';
import { freePort } from './ports.ts';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/** A throwaway redis-server on a free loopback port, no persistence. */
export async function startRedisServer(): Promise<RedisServer | { missing: string }> {
  const binary = which('redis-server');
  if (!binary) return { missing: 'redis-server not found: install the Debian package redis-server' };
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += String(d);
      if (/Ready to accept connections/.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
