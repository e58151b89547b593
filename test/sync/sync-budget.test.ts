import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorBody, rawRequest, scanRow } from '../cloud/support.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { type PromoterSetup, setupEvent } from '../helpers/factories.ts';

/**
 * Sync traffic has its own budget (#10.2): a venue's edges share one public address, so
 * their node-token calls are counted per node and per kind of call, never against the
 * per-IP limit that guards the public API.
 */
describe('sync budget: node-token routes are limited per node, not per IP', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let other: { id: string; token: string };
  const IP_LIMIT = 30;
  const NODE_LIMIT = 20;

  beforeAll(async () => {
    cloud = await startTestCloud({
      flags: { rateLimitPerMinute: IP_LIMIT, syncRateLimitPerMinute: NODE_LIMIT },
    });
    setup = await setupEvent(cloud.api);
    other = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  /** Runs `fn` with the cloud's clock standing at `minutes` ahead of now, on a minute of its own. */
  const inMinute = async <T>(minutes: number, fn: () => Promise<T>): Promise<T> => {
    const original = cloud.deps.now;
    const at = (Math.floor(Date.now() / 60_000) + minutes) * 60_000 + 1000;
    cloud.deps.now = () => new Date(at);
    try {
      return await fn();
    } finally {
      cloud.deps.now = original;
    }
  };
  const heartbeat = (token: string) =>
    rawRequest(cloud, 'POST', '/sync/heartbeat', {
      token,
      json: {
        sentAt: new Date().toISOString(),
        manifest: { cursor: '', syncedAt: null, tickets: 0 },
        upload: { lastSeq: 1, ackedSeq: 1 },
        clock: { offsetMs: null, boundMs: 2000 },
        peers: [],
      },
    });
  const upload = (node: { id: string; token: string }) =>
    rawRequest(cloud, 'POST', '/sync/scans', {
      token: node.token,
      json: { nodeId: node.id, scans: [scanRow(1)] },
    });
  const manifest = (token: string) => rawRequest(cloud, 'GET', '/sync/manifest?limit=10', { token });
  const wait = (token: string) => rawRequest(cloud, 'GET', '/sync/wait?timeoutMs=0', { token });

  it('a node’s calls from one address never use up that address’s public limit', async () => {
    await inMinute(10, async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++)
        for (const call of [
          () => heartbeat(setup.node.token),
          () => upload(setup.node),
          () => manifest(setup.node.token),
          () => wait(setup.node.token),
        ])
          statuses.push((await call()).status);
      // 40 sync calls, more than the address may make in a minute: all served.
      expect(statuses).toEqual(Array(40).fill(200));
      const box = await rawRequest(cloud, 'GET', '/events');
      expect(box.status).toBe(200);
      expect(box.headers.get('ratelimit-remaining')).toBe(String(IP_LIMIT - 1));
    });
  });

  it('a node over its budget for one kind of call gets 429; its other calls and other nodes go on', async () => {
    await inMinute(20, async () => {
      const uploads = await Promise.all(Array.from({ length: NODE_LIMIT + 5 }, () => upload(setup.node)));
      expect(uploads.filter((r) => r.status === 200)).toHaveLength(NODE_LIMIT);
      const refused = uploads.filter((r) => r.status === 429);
      expect(refused).toHaveLength(5);
      expectErrorBody(refused[0]!, 429, 'RATE_LIMITED');
      expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
      // A backlog of uploads cannot starve the manifest pull, the long-poll or the heartbeat.
      expect((await manifest(setup.node.token)).status).toBe(200);
      expect((await wait(setup.node.token)).status).toBe(200);
      expect((await heartbeat(setup.node.token)).status).toBe(200);
      // Another gate of the venue behind the same address has a budget of its own.
      expect((await upload(other)).status).toBe(200);
    });
  });

  it('a refused node token still counts against the address', async () => {
    await inMinute(30, async () => {
      const statuses: number[] = [];
      for (let i = 0; i < IP_LIMIT + 3; i++)
        statuses.push((await heartbeat(`${setup.node.id}.not-the-secret-${i}`)).status);
      expect(statuses.slice(0, IP_LIMIT)).toEqual(Array(IP_LIMIT).fill(401));
      expect(statuses.slice(IP_LIMIT)).toEqual([429, 429, 429]);
    });
  });
});
