import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeStatus } from '../../src/edge/http.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { type HttpProxy, startHttpProxy } from '../helpers/http-proxy.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, eventually, runCli } from '../helpers/processes.ts';

const DRAINED = /stopped: no new reads taken; \d+ read\(s\) in flight/;
const sync = (route: string) => `/api/v1/sync/${route}`;

/**
 * `tixmo edge` on an empty data dir, talking to a real cloud (through a proxy that can
 * hold a route unanswered), stopped by a signal while its first conversations with the
 * cloud are in flight: the rebuild's download, the first manifest pull, the long-poll,
 * or a cloud that refuses connections or never answers. It must stop as it always does
 * (its drain line, exit code 0), never wait for the cloud.
 */
describe('a signal while the edge talks to the cloud', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-sigterm-sync-'));
  const running: CliProcess[] = [];
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let proxy: HttpProxy;
  let blackhole: Server;
  const blackholeSockets = new Set<Socket>();
  let edges = 0;

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    await buyTickets(cloud.api, setup, 5);
    proxy = await startHttpProxy(Number(new URL(cloud.url).port));
    // Accepts connections and never answers a byte: a cloud behind a dead load balancer.
    blackhole = createServer((socket) => {
      blackholeSockets.add(socket);
      socket.on('close', () => blackholeSockets.delete(socket));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  });

  // An edge that did not stop must not talk to the cloud during the next test.
  afterEach(async () => {
    for (const p of running.splice(0)) await p.kill('SIGKILL');
  });

  afterAll(async () => {
    for (const s of blackholeSockets) s.destroy();
    await new Promise((r) => blackhole?.close(r));
    await proxy?.close();
    await cloud?.close();
  });

  /** A new node of the venue and `tixmo edge` for it on an empty data dir; resolves at its banner. */
  async function startEdge(
    cloudUrl: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ proc: CliProcess; url: string }> {
    const n = ++edges;
    const node = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: `Gate ${n}` });
    const configFile = join(dir, `edge-${n}.json`);
    writeFileSync(
      configFile,
      JSON.stringify({
        cloudUrl,
        nodeToken: node.token,
        dataDir: join(dir, `edge-${n}`),
        port: await freePort(),
        host: '127.0.0.1',
        heartbeatIntervalMs: 500,
        // No call ends by its own timeout during a test: whatever ends it is the stop.
        cloudTimeoutSeconds: 600,
        lanes: [{ id: 'north-1', direction: 'entry' }],
        ...extra,
      }),
    );
    const proc = runCli(['edge', '--config', configFile]);
    running.push(proc);
    const url = (await proc.waitFor(/TixMo edge listening on (http:\/\/\S+)/))[1]!;
    return { proc, url };
  }

  async function expectCleanStop(proc: CliProcess, signal: NodeJS.Signals): Promise<void> {
    proc.child.kill(signal);
    const code = await proc.exited();
    expect({ code, stderr: proc.stderr() }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(proc.stdout()).toContain(`${signal}: stopping…`);
    expect(proc.stdout()).toMatch(DRAINED);
  }

  const status = async (url: string) => (await (await fetch(`${url}/api/v1/status`)).json()) as EdgeStatus;

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s right after "listening" stops it cleanly',
    async (signal) => {
      const { proc } = await startEdge(proxy.url);
      await expectCleanStop(proc, signal);
    },
    60_000,
  );

  it('SIGTERM while the rebuild waits for the cloud’s admissions stops it cleanly', async () => {
    proxy.hold(sync('admissions'));
    try {
      const { proc, url } = await startEdge(proxy.url);
      await eventually(() => proxy.waiting(sync('admissions')) > 0 || undefined, 'rebuild download held');
      expect((await status(url)).rebuild?.state).toBe('rebuilding');
      await expectCleanStop(proc, 'SIGTERM');
      // The edge gave up the held request itself.
      await eventually(() => proxy.waiting(sync('admissions')) === 0 || undefined, 'held request closed');
    } finally {
      proxy.allow(sync('admissions'));
    }
  }, 60_000);

  it('SIGINT while the first manifest pull is unanswered stops it cleanly', async () => {
    proxy.hold(sync('manifest'));
    try {
      const { proc, url } = await startEdge(proxy.url);
      await eventually(() => proxy.waiting(sync('manifest')) > 0 || undefined, 'manifest pull held');
      expect((await status(url)).manifest.syncedAt).toBeNull();
      await expectCleanStop(proc, 'SIGINT');
      await eventually(() => proxy.waiting(sync('manifest')) === 0 || undefined, 'held request closed');
    } finally {
      proxy.allow(sync('manifest'));
    }
  }, 60_000);

  it('SIGTERM while the cloud holds the long-poll stops it cleanly', async () => {
    const { proc, url } = await startEdge(proxy.url);
    await eventually(async () => ((await status(url)).manifest.syncedAt ? true : undefined), 'synced');
    await eventually(() => proxy.waiting(sync('wait')) > 0 || undefined, 'long-poll held by the cloud');
    await expectCleanStop(proc, 'SIGTERM');
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s with the cloud refusing connections stops it cleanly',
    async (signal) => {
      const { proc, url } = await startEdge(`http://127.0.0.1:${await freePort()}`);
      // The rebuild and the heartbeat have failed at least once: the loops are in their backoff.
      await eventually(
        async () => ((await status(url)).rebuild?.cloud.lastError ? true : undefined),
        'refused',
      );
      await expectCleanStop(proc, signal);
    },
    60_000,
  );

  it('SIGTERM with a cloud and a peer that accept connections and never answer stops it cleanly', async () => {
    const silent = `http://127.0.0.1:${(blackhole.address() as { port: number }).port}`;
    const { proc } = await startEdge(silent, {
      peers: [silent],
      peerSecret: 'venue-secret-of-the-stop-test',
    });
    // The rebuild's download, the heartbeat, the long-poll and the peer pull all wait on silence.
    await eventually(() => blackholeSockets.size >= 4 || undefined, 'four requests in flight');
    await expectCleanStop(proc, 'SIGTERM');
  }, 60_000);
});
