import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, runCli } from '../helpers/processes.ts';

/** One line naming the holder's pid and since when; never a stack trace. */
function expectRefusal(p: CliProcess, dataDir: string, holderPid: number, command: string) {
  const lines = p.stderr().trim().split('\n');
  expect(lines, p.stderr()).toHaveLength(1);
  expect(lines[0]).toContain(`data dir ${dataDir} is in use by pid ${holderPid} (${command}, since `);
  expect(lines[0]).toMatch(/since \d{4}-\d\d-\d\dT/);
  expect(p.stdout()).not.toMatch(/listening/);
}

describe('one process per data dir', () => {
  const running: CliProcess[] = [];
  const start = (args: string[]) => {
    const p = runCli(args);
    running.push(p);
    return p;
  };
  afterEach(async () => {
    for (const p of running.splice(0)) await p.kill('SIGKILL');
  });

  it('a second edge on the same data dir refuses to start; a lock left by kill -9 does not block a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tixmo-lock-edge-'));
    const dataDir = join(dir, 'edge');
    const config = async () => {
      const file = join(dir, `edge-${running.length}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          cloudUrl: `http://127.0.0.1:${await freePort()}`,
          nodeToken: 'node-lock.0123456789abcdef',
          dataDir,
          port: await freePort(),
          host: '127.0.0.1',
          lanes: [{ id: 'north-1', direction: 'entry' }],
        }),
      );
      return file;
    };
    const first = start(['edge', '--config', await config()]);
    await first.waitFor(/TixMo edge listening/);

    const second = start(['edge', '--config', await config()]);
    expect(await second.exited()).toBe(2);
    expectRefusal(second, dataDir, first.child.pid!, 'tixmo edge');

    expect(await first.kill('SIGKILL')).toBeNull();
    const third = start(['edge', '--config', await config()]);
    await third.waitFor(/TixMo edge listening/);
    expect(await third.kill('SIGTERM')).toBe(0);
  });

  it('a second embedded (PGlite) cloud on the same data dir refuses to start; kill -9 leaves no stale lock', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'tixmo-lock-cloud-')), 'cloud');
    const cloud = async () =>
      start(['cloud', '--port', String(await freePort()), '--data-dir', dataDir, '--log-level', 'warn']);
    const first = await cloud();
    await first.waitFor(/TixMo cloud listening/);

    const second = await cloud();
    expect(await second.exited()).toBe(2);
    expectRefusal(second, dataDir, first.child.pid!, 'tixmo cloud');

    expect(await first.kill('SIGKILL')).toBeNull();
    const third = await cloud();
    await third.waitFor(/TixMo cloud listening/);
    expect(await third.kill('SIGTERM')).toBe(0);
  }, 300_000); // PGlite creates and migrates its cluster: seconds alone, a minute on a busy machine
});
