import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEdgeDatabase } from '../../src/edge/db/client.ts';
import { EdgeStore } from '../../src/edge/store.ts';
import { startTestCloud } from '../helpers/cloud.ts';
import { setupEvent } from '../helpers/factories.ts';
import { handEvent, manifestPage } from '../helpers/manifest.ts';
import { type CliProcess, runCli } from '../helpers/processes.ts';
import { openPtyPair } from '../helpers/pty.ts';
import { startTcpProxy } from '../helpers/tcp-proxy.ts';

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

function edgeProcess(config: Record<string, unknown>): CliProcess {
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-logs-'));
  const file = join(dir, 'edge.json');
  writeFileSync(file, JSON.stringify({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'edge'), ...config }));
  const edge = runCli(['edge', '--config', file]);
  stops.push(() => edge.kill());
  return edge;
}

/** The edge's log records (JSON lines: its stdout is not a terminal) with this message. */
function records(edge: CliProcess, msg: string): Record<string, unknown>[] {
  return edge
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((r) => r.msg === msg);
}

describe('what the edge logs at info', () => {
  it('one line per scan decision (lane, decision, reason, never the code) and a device that opens', async () => {
    const scanner = await openPtyPair();
    stops.push(() => scanner.close());
    const dir = mkdtempSync(join(tmpdir(), 'tixmo-logs-data-'));
    const ev = await handEvent('ev-logs');
    const db = openEdgeDatabase(dir);
    new EdgeStore(db.db).applyManifestPage(
      manifestPage(
        [ev.event],
        [{ id: 't1', eventId: 'ev-logs', tierId: 'ev-logs-ga', status: 'VALID', version: 1 }],
      ),
      new Date(),
    );
    db.close();
    const edge = edgeProcess({
      cloudUrl: 'http://127.0.0.1:9',
      nodeToken: 'node-logs.secret-secret',
      dataDir: dir,
      // No cloud here: a fresh journal decides at once instead of waiting to learn who is inside.
      rebuildTimeoutSeconds: 0,
      lanes: [
        { id: 'north-1', direction: 'entry', scanners: [{ type: 'serial', path: scanner.devicePath }] },
      ],
    });
    await edge.waitFor(/"msg":"device state"[^\n]*"state":"open"/);
    expect(records(edge, 'device state')).toEqual([
      expect.objectContaining({
        level: 'info',
        state: 'open',
        device: `north-1 serial ${scanner.devicePath}`,
      }),
    ]);

    const code = await ev.sign({ id: 't1', tierId: 'ev-logs-ga' });
    scanner.write(`${code}\r\n`);
    await edge.waitFor(/"msg":"scan"/);
    scanner.write(`${code}\r\n`);
    scanner.write('garbage\r\n');
    await edge.waitFor(/"msg":"scan"[^\n]*"reason":"malformed"/);
    expect(
      records(edge, 'scan').map(({ level, lane, decision, reason }) => ({ level, lane, decision, reason })),
    ).toEqual([
      { level: 'info', lane: 'north-1', decision: 'admit', reason: 'ok' },
      { level: 'info', lane: 'north-1', decision: 'reject', reason: 'already_inside' },
      { level: 'info', lane: 'north-1', decision: 'reject', reason: 'malformed' },
    ]);
    for (const part of code.split('.')) expect(edge.stdout()).not.toContain(part);
    expect(edge.stdout()).not.toContain('garbage');
  });

  it('says when the cloud is reachable again after failed pulls', async () => {
    const cloud = await startTestCloud();
    stops.push(() => cloud.close());
    const setup = await setupEvent(cloud.api);
    const link = await startTcpProxy(cloud.port);
    stops.push(() => link.close());
    const edge = edgeProcess({
      cloudUrl: link.url,
      nodeToken: setup.node.token,
      pullIntervalMs: 200,
      watchManifest: false,
      lanes: [{ id: 'north-1', direction: 'entry' }],
    });
    await edge.waitFor(/TixMo edge listening on/);
    link.cut();
    await edge.waitFor(/"msg":"manifest pull failed"/);
    expect(records(edge, 'cloud reachable again')).toEqual([]);
    link.heal();
    await edge.waitFor(/"msg":"cloud reachable again"/);
    expect(records(edge, 'cloud reachable again')).toEqual([
      expect.objectContaining({ level: 'info', failedPulls: expect.any(Number) }),
    ]);
  });
});
