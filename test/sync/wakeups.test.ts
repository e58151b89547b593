import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { COALESCE_MS, ManifestWakeups, notifyManifestChanged } from '../../src/cloud/sync/wakeups.ts';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { createTestDatabase, postgresAvailable, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';

const redisUrl = inject('redisUrl');

describe.skipIf(!postgresAvailable() || !redisUrl)(
  'manifest wake-ups across two cloud instances (Redis)',
  () => {
    let a: TestCloud;
    let b: TestCloud;
    let setup: PromoterSetup;
    let edge: RunningEdge;
    let databaseUrl: string;
    const waitFor = (cursor: string, timeoutMs: number) =>
      b.api
        .as(setup.node.token)
        .get(`/sync/wait?cursor=${encodeURIComponent(cursor)}&timeoutMs=${timeoutMs}`);

    beforeAll(async () => {
      databaseUrl = await createTestDatabase();
      const redisPrefix = `wake-${process.pid}-${Date.now()}:`;
      a = await startTestCloud({ databaseUrl, redisUrl: redisUrl!, redisPrefix });
      b = await startTestCloud({ databaseUrl, redisUrl: redisUrl!, redisPrefix });
      setup = await setupEvent(a.api);
      edge = await startEdge({
        logger: createLogger({ level: 'silent' }),
        config: parseEdgeConfig({
          // The edge talks to instance B only; sales happen on A.
          cloudUrl: b.url,
          nodeToken: setup.node.token,
          dataDir: mkdtempSync(join(tmpdir(), 'tixmo-wake-')),
          port: 0,
          host: '127.0.0.1',
          // No timer would bring the change in during the test: only a wake-up can.
          pullIntervalMs: 600_000,
          lanes: [{ id: 'in', direction: 'entry' }],
        }),
      });
      await edge.syncNow();
    });

    afterAll(async () => {
      await edge?.close();
      await a?.close();
      await b?.close();
    });

    it('puts tickets confirmed on instance A into the manifest of an edge connected to instance B', async () => {
      expect(edge.status().manifest.tickets).toBe(0);
      const { tickets } = await buyTickets(a.api, setup, 3);
      await eventually(
        () => (edge.status().manifest.tickets === 3 ? true : undefined),
        'edge woken by the sale on the other instance',
      );
      expect(edge.store.ticket(tickets[0]!.id)).toMatchObject({ status: 'VALID' });
    });

    it('answers a long-poll at once when changes are already waiting after the cursor, and at the timeout when none', async () => {
      expect(await waitFor('', 60_000)).toEqual({ changed: true });
      expect(await waitFor(edge.status().manifest.cursor, 100)).toEqual({ changed: false });
    });

    it('a wake-up that comes before its change is below the cursor’s horizon is not lost', async () => {
      await edge.syncNow();
      const before = edge.status().manifest.tickets;
      // An older transaction still open holds pg_snapshot_xmin back: the sale commits and
      // wakes the edge, but the feed may not hand the sale out until the blocker ends.
      const blocker = new pg.Client({ connectionString: databaseUrl });
      await blocker.connect();
      try {
        await blocker.query('begin');
        await blocker.query('select pg_current_xact_id()');
        const heard = b.deps.wakeups.waitFor(setup.venueId, 20_000);
        await buyTickets(a.api, setup, 2);
        expect(await heard).toBe(true);
        // The blocker stays open a while after the wake-up reached instance B.
        await new Promise((r) => setTimeout(r, 1000));
        expect(edge.status().manifest.tickets).toBe(before);
      } finally {
        await blocker.query('rollback');
        await blocker.end();
      }
      // No further wake-up and no timer (pullIntervalMs is 10 minutes): only a long-poll
      // that kept looking brings the sale in.
      await eventually(
        () => (edge.status().manifest.tickets === before + 2 ? true : undefined),
        'the sale reaches the edge once it is below the horizon',
      );
    });

    it('a wake-up for a change the cursor already holds does not end the long-poll', async () => {
      await edge.syncNow();
      const cursor = edge.status().manifest.cursor;
      const waiting = waitFor(cursor, 1500);
      const noise = setInterval(() => notifyManifestChanged(a.deps, setup.venueId), 50);
      try {
        expect(await waiting).toEqual({ changed: false });
      } finally {
        clearInterval(noise);
      }
    });

    it('a key change the node has not pulled is answered at once, even after its wake-up is gone', async () => {
      await edge.syncNow();
      const cursor = edge.status().manifest.cursor;
      expect(await waitFor(cursor, 100)).toEqual({ changed: false });
      await setup.promoter.api.post(`/events/${setup.eventId}/keys/rotate`);
      // The wake-up went out before this long-poll started: the cursor tells what changed.
      await new Promise((r) => setTimeout(r, COALESCE_MS * 3));
      expect(await waitFor(cursor, 5000)).toEqual({ changed: true });
      await edge.syncNow();
      expect(await waitFor(edge.status().manifest.cursor, 100)).toEqual({ changed: false });
    });
  },
);

describe('manifest wake-ups coalesce per venue', () => {
  it('a burst of changes makes one wake-up at once and one at the end of the window; venues are apart', async () => {
    const wakeups = await ManifestWakeups.start({
      prefix: 'test:',
      logger: createLogger({ level: 'silent' }),
    });
    try {
      const first = wakeups.waitFor('venue-a', 5_000);
      const other = wakeups.waitFor('venue-b', 5_000);
      for (let i = 0; i < 100; i++) wakeups.publish('venue-a');
      expect(await first).toBe(true);
      expect(wakeups.sent).toBe(1);
      // An edge that pulled after the first wake-up and waits again hears the trailing one.
      const trailing = wakeups.waitFor('venue-a', 5_000);
      expect(await trailing).toBe(true);
      expect(wakeups.sent).toBe(2);
      wakeups.publish('venue-b');
      expect(await other).toBe(true);
      expect(wakeups.sent).toBe(3);
      // After a quiet window a single change is sent at once again.
      await new Promise((r) => setTimeout(r, COALESCE_MS * 3));
      const later = wakeups.waitFor('venue-a', 5_000);
      wakeups.publish('venue-a');
      expect(await later).toBe(true);
      expect(wakeups.sent).toBe(4);
    } finally {
      await wakeups.close();
    }
  });
});
