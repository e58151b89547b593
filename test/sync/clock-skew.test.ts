import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { decodeHlc } from '../../src/shared/hlc.ts';
import { createLogger } from '../../src/shared/logger.ts';
import type { SyncStatus } from '../../src/sync/reconcile.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';

const SKEW_MS = 10 * 60_000;

describe('a node whose clock is far behind the cloud’s', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let edge: RunningEdge;

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    edge = await startEdge({
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(Date.now() - SKEW_MS),
      config: parseEdgeConfig({
        cloudUrl: cloud.url,
        nodeToken: setup.node.token,
        dataDir: mkdtempSync(join(tmpdir(), 'tixmo-skew-')),
        port: 0,
        host: '127.0.0.1',
        heartbeatIntervalMs: 200,
        maxClockOffsetMs: 5000,
        lanes: [{ id: 'in', direction: 'entry' }],
      }),
    });
    await edge.syncNow();
  });

  afterAll(async () => {
    await edge?.close();
    await cloud?.close();
  });

  it('is reported with its offset at the edge and in the cloud’s sync status', async () => {
    const clock = await eventually(() => {
      const c = edge.status().clock;
      return c?.offsetMs !== null && c?.offsetMs !== undefined ? c : undefined;
    }, 'offset measured');
    expect(clock.skewed).toBe(true);
    expect(clock.offsetMs).toBeLessThan(-SKEW_MS + 5000);
    expect(clock.offsetMs).toBeGreaterThan(-SKEW_MS - 5000);
    const status = await eventually(async () => {
      const s = await setup.promoter.api.get<SyncStatus>(`/venues/${setup.venueId}/sync-status`);
      return s.nodes[0]?.clockOffsetMs !== null ? s : undefined;
    }, 'cloud has the offset');
    expect(status.nodes[0]!.problems.some((p) => p.startsWith('clock off by -'))).toBe(true);
  });

  it('stamps its scans with HLCs that caught up with the cloud’s clock, so they order sensibly', async () => {
    const { tickets } = await buyTickets(cloud.api, setup, 1);
    const observedCloudAt = Date.now();
    await eventually(() => (edge.status().clock?.measuredAt ? true : undefined), 'a round trip');
    const out = await edge.scan('in', tickets[0]!.code);
    const stamped = decodeHlc(out!.row.hlc).ms;
    // The wall clock alone would say ten minutes ago; the HLC carries the cloud's time forward.
    expect(stamped).toBeGreaterThan(observedCloudAt - SKEW_MS / 2);
  });
});
