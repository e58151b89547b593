import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEdgeConfigFile } from '../../src/edge/config.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, eventually, runCli } from '../helpers/processes.ts';

/**
 * The README's cloud-and-edge walk-through, pasted as a newcomer would: every fenced
 * shell block between its `walkthrough` markers, in order, in one bash, from the
 * checkout (so `npx tixmo` is this one). Only the ports and the data dir come from the
 * variables the README reads, so the run does not collide with anything else.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const minimal = `${root}deploy/edge.minimal.json`;
const jq = requireBinary('jq', 'jq');
const curl = requireBinary('curl', 'curl');

function walkthroughBlocks(): string[] {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const start = readme.indexOf('<!-- walkthrough:start -->');
  const end = readme.indexOf('<!-- walkthrough:end -->');
  expect(start, 'the README marks its walk-through').toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return [...readme.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Ends the walk-through's processes (the cloud and the edge it left in the background) and waits until they are gone. */
async function endGroup(pgid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(-pgid, 'SIGTERM');
  await eventually(() => (alive() ? undefined : true), 'the walk-through’s cloud and edge stopped');
}

describe.skipIf(!jq.available || !curl.available)('the README walk-through', () => {
  let group: number | undefined;
  let edge: CliProcess | undefined;

  afterEach(async () => {
    if (group) await endGroup(group);
    group = undefined;
    await edge?.kill();
    edge = undefined;
  });

  it('pasted top to bottom, starts a cloud and an edge, sets up an event and the last scan is admitted', async () => {
    const blocks = walkthroughBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const script = blocks.join('\n');
    // Every request the walk-through describes, with its body, and the CLI as `npx tixmo`.
    for (const step of [
      '/auth/register',
      '/auth/login',
      '/organizations',
      '/venues',
      '/events',
      '/tiers',
      '/publish',
      '/orders',
      '/confirm',
      '/me/tickets',
      '/edge-nodes',
      '/api/v1/scans',
      'npx tixmo cloud',
      'npx tixmo edge',
      'deploy/edge.minimal.json',
    ])
      expect(script, step).toContain(step);
    expect(script.replace(/npx tixmo/g, '')).not.toMatch(/(^|[\s(])tixmo /m);

    const data = mkdtempSync(join(tmpdir(), 'tixmo-walkthrough-'));
    const file = join(data, 'walkthrough.sh');
    writeFileSync(file, script);
    const env = {
      ...process.env,
      CLOUD_PORT: String(await freePort()),
      EDGE_PORT: String(await freePort()),
      DATA: join(data, 'run'),
    };
    // Its own process group: the cloud and the edge it sends to the background end with it.
    const bash = spawn('bash', ['-e', '-o', 'pipefail', file], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    group = bash.pid;
    let out = '';
    let err = '';
    bash.stdout.on('data', (d) => {
      out += String(d);
    });
    bash.stderr.on('data', (d) => {
      err += String(d);
    });
    const code = await new Promise<number | null>((resolve) => bash.once('close', resolve));
    const logs = () => {
      const read = (name: string) => {
        try {
          return readFileSync(join(env.DATA, name), 'utf8');
        } catch {
          return '(none)';
        }
      };
      return `stdout:\n${out}\nstderr:\n${err}\ncloud.log:\n${read('cloud.log')}\nedge.log:\n${read('edge.log')}`;
    };
    expect(code, logs()).toBe(0);
    const last = out.trim().split('\n').at(-1)!;
    expect(JSON.parse(last.slice(last.indexOf('{'))), logs()).toMatchObject({
      laneId: 'north-1',
      decision: 'admit',
      reason: 'ok',
      occupancy: { inside: 1 },
    });
    // The edge the README started holds the admission too.
    const status = (await (await fetch(`http://127.0.0.1:${env.EDGE_PORT}/api/v1/status`)).json()) as {
      events: { name: string; inside: number }[];
    };
    expect(status.events).toEqual([expect.objectContaining({ name: 'Opening night', inside: 1 })]);
  }, 300_000);

  it('its ready() stops waiting, naming the log, as soon as the process it waits for has ended', async () => {
    const first = walkthroughBlocks()[0]!;
    const ready = first.slice(first.indexOf('ready() {'), first.indexOf('npx tixmo cloud'));
    expect(ready).toContain('kill -0');
    // Nothing listens on the port, and the "process" is one that already ended.
    const script = `${ready}\ntrue & pid=$!; wait $pid\nready http://127.0.0.1:${await freePort()}/healthz $pid /the/log`;
    const bash = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    bash.stderr.on('data', (d) => {
      err += String(d);
    });
    const code = await new Promise<number | null>((resolve) => bash.once('close', resolve));
    expect(code).toBe(1);
    // Not "no answer from …", which it says only after its 90 one-second waits.
    expect(err.trim()).toBe('it stopped: see /the/log');
  });

  it('deploy/edge.minimal.json passes --check-config, has no devices, and an edge started on it listens', async () => {
    const check = runCli(['edge', '--config', minimal, '--check-config']);
    expect(await check.exited(), check.stderr()).toBe(0);
    expect(check.stdout()).toMatch(/valid/);
    const config = loadEdgeConfigFile(minimal);
    expect(config.lanes.length).toBeGreaterThan(0);
    for (const lane of config.lanes) {
      expect(lane.scanners).toEqual([]);
      expect(lane.actuator).toEqual({ type: 'none' });
      expect(lane.passage).toBeUndefined();
    }
    // The same file with only the port and the data dir changed (this machine runs other
    // tests), and no cloud at all: the edge still starts, listens and takes handheld scans.
    const dir = mkdtempSync(join(tmpdir(), 'tixmo-minimal-'));
    const port = await freePort();
    const copy = join(dir, 'edge.json');
    const json = JSON.parse(readFileSync(minimal, 'utf8'));
    writeFileSync(copy, JSON.stringify({ ...json, port, dataDir: join(dir, 'data') }));
    edge = runCli(['edge', '--config', copy]);
    await edge.waitFor(/listening on/);
    const url = `http://127.0.0.1:${port}`;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const status = (await (await fetch(`${url}/api/v1/status`)).json()) as { lanes: { id: string }[] };
    expect(status.lanes.map((l) => l.id)).toEqual(config.lanes.map((l) => l.id));
    const scan = await fetch(`${url}/api/v1/scans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${json.handhelds[0].key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ laneId: config.lanes[0]!.id, code: 'not-a-ticket' }),
    });
    // No manifest yet (no cloud): a decision, not an error page.
    expect(await scan.json()).toMatchObject({ decision: 'reject' });
  }, 120_000);
});
