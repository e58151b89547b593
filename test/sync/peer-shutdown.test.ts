import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { freePort } from '../helpers/ports.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

const silent = createLogger({ level: 'silent' });
const secret = 'venue-secret-for-shutdown-tests';

/**
 * A gate that stops right after an admission: once it is down nobody can pull its
 * journal, so the push of that admission is the only way its peers learn of it before it
 * comes back. Stopping waits for pushes in flight (bounded by the peer client's timeout).
 */
describe('a gate stopping right after an admission', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let codes: { id: string; code: string }[];
  let proxy: TcpProxy;
  const edges: RunningEdge[] = [];

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    ({ tickets: codes } = await buyTickets(cloud.api, setup, 2));
    const b = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
    const [portA, portB] = [await freePort(), await freePort()];
    proxy = await startTcpProxy(portB);
    const start = async (token: string, port: number, peer: string, name: string) => {
      const edge = await startEdge({
        logger: silent,
        config: parseEdgeConfig({
          cloudUrl: cloud.url,
          nodeToken: token,
          dataDir: mkdtempSync(join(tmpdir(), `tixmo-peer-stop-${name}-`)),
          port,
          host: '127.0.0.1',
          pullIntervalMs: 60_000,
          // Pulls are slow on purpose: what B holds, it got by push.
          peerPullIntervalMs: 60_000,
          peers: [peer],
          peerSecret: secret,
          lanes: [{ id: 'in', direction: 'entry' }],
        }),
      });
      await edge.syncNow();
      edges.push(edge);
      return edge;
    };
    // A reaches B through the proxy, B reaches A directly.
    await start(setup.node.token, portA, `http://127.0.0.1:${proxy.port}`, 'a');
    await start(b.token, portB, `http://127.0.0.1:${portA}`, 'b');
  });

  afterAll(async () => {
    for (const e of edges) await e.close().catch(() => {});
    await proxy?.close();
    await cloud?.close();
  });

  it('delivers the push of its last admission before it is down', async () => {
    const [a, b] = edges as [RunningEdge, RunningEdge];
    // A slow LAN: A's push reaches B 1.2 s after it leaves (well within the client's 2 s timeout).
    proxy.latencyMs = 1200;
    expect((await a.scan('in', codes[0]!.code))?.row.decision).toBe('admit');
    await a.close();
    // A is down: B can only know from the push, and must know now.
    expect((await b.scan('in', codes[0]!.code))?.row.reason).toBe('already_inside');
  });
});
