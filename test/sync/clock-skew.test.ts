import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import type { EdgeStatus } from '../../src/edge/http.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { decodeHlc } from '../../src/shared/hlc.ts';
import { createLogger } from '../../src/shared/logger.ts';
import type { Reconciliation, SyncStatus } from '../../src/sync/reconcile.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, registerAccount, setupEvent } from '../helpers/factories.ts';
import { faketimeAvailable, measuredSkewMs, skewedClockEnv } from '../helpers/faketime.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, eventually, runCli } from '../helpers/processes.ts';

const SKEW_MS = 10 * 60_000;

describe('a node whose clock is far behind the cloud’s', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let edge: RunningEdge;
  const dataDir = mkdtempSync(join(tmpdir(), 'tixmo-skew-'));
  const boot = (cloudUrl: string) =>
    startEdge({
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(Date.now() - SKEW_MS),
      config: parseEdgeConfig({
        cloudUrl,
        nodeToken: setup.node.token,
        dataDir,
        port: 0,
        host: '127.0.0.1',
        heartbeatIntervalMs: 200,
        maxClockOffsetMs: 5000,
        lanes: [{ id: 'in', direction: 'entry' }],
      }),
    });

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    edge = await boot(cloud.url);
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

  it('after a restart with the cloud out of reach, keeps deciding on the saved correction and says how old it is', async () => {
    // Admitting since five minutes ago: by the gate's own clock that is five minutes away still.
    await setup.promoter.api.request('PUT', `/events/${setup.eventId}/gate-rules`, {
      tiers: [
        {
          tierId: setup.tierId,
          validFrom: new Date(Date.now() - 5 * 60_000).toISOString(),
          validUntil: null,
        },
      ],
    });
    const { tickets } = await buyTickets(cloud.api, setup, 1);
    await edge.syncNow();
    await eventually(() => (edge.status().clock?.measuredAt ? true : undefined), 'a round trip');
    await edge.close();
    edge = await boot(`http://127.0.0.1:${await freePort()}`);
    const clock = edge.status().clock!;
    expect(clock.source).toBe('saved');
    expect(Math.abs(clock.correctionMs + SKEW_MS)).toBeLessThan(5000);
    expect(clock.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(clock.ageSeconds).toBeLessThan(60);
    expect(clock.explanation).toMatch(/before a restart/);
    expect((await edge.scan('in', tickets[0]!.code))!.row.reason).toBe('ok');
  });
});

describe('reconciliation of two partitioned gates, one ten minutes ahead and one behind', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  const edges: RunningEdge[] = [];

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    const second = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate M' });
    for (const [token, skew] of [
      [setup.node.token, +SKEW_MS],
      [second.token, -SKEW_MS],
    ] as const) {
      const edge = await startEdge({
        logger: createLogger({ level: 'silent' }),
        now: () => new Date(Date.now() + skew),
        config: parseEdgeConfig({
          cloudUrl: cloud.url,
          nodeToken: token,
          dataDir: mkdtempSync(join(tmpdir(), 'tixmo-skew-')),
          port: 0,
          host: '127.0.0.1',
          heartbeatIntervalMs: 200,
          uploadIntervalMs: 100,
          lanes: [{ id: 'in', direction: 'entry' }],
        }),
      });
      edges.push(edge);
      await edge.syncNow();
      await eventually(() => (edge.status().clock?.measuredAt ? true : undefined), 'offset measured');
    }
  });

  afterAll(async () => {
    for (const e of edges) await e.close();
    await cloud?.close();
  });

  it('orders a double admission by the venue’s time: first at the gate that is ahead, then at the one behind', async () => {
    const { tickets } = await buyTickets(cloud.api, setup, 1);
    const [ahead, behind] = edges as [RunningEdge, RunningEdge];
    expect((await ahead.scan('in', tickets[0]!.code))!.row.reason).toBe('ok');
    // Two gates' corrected clocks agree within their measurements' uncertainty: scan the
    // second time later than that, so which came first is a fact, not a tie.
    const precision = edges.reduce((sum, e) => sum + (e.status().clock?.uncertaintyMs ?? 0), 10);
    await new Promise((r) => setTimeout(r, precision));
    expect((await behind.scan('in', tickets[0]!.code))!.row.reason).toBe('ok');
    await eventually(
      () => (edges.every((e) => e.status().upload.pending === 0) ? true : undefined),
      'both uploaded',
    );
    const r = await setup.promoter.api.get<Reconciliation>(`/events/${setup.eventId}/reconciliation`);
    const double = r.conflicts.find((c) => c.type === 'double_admission');
    expect(double?.scans.map((s) => s.nodeId)).toEqual([ahead.status().nodeId, behind.status().nodeId]);
  });
});

/**
 * Two `tixmo edge` processes of one venue under libfaketime, one ten minutes ahead (P)
 * and one ten minutes behind (M), peered with each other; the cloud keeps true time.
 * M neither long-polls nor pulls again after its first sync: a gate that has not heard
 * of a refund yet.
 */
describe.skipIf(!faketimeAvailable)('two edges whose clocks are ten minutes off, as processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-skew-procs-'));
  const handheldKey = 'handheld-key-for-skew-tests';
  let cloud: TestCloud;
  let setup: PromoterSetup;
  const gates: Record<
    'P' | 'M',
    {
      skew: number;
      env: NodeJS.ProcessEnv;
      node?: { id: string; token: string };
      port?: number;
      proc?: CliProcess;
    }
  > = {
    P: { skew: +SKEW_MS, env: skewedClockEnv('+10m') },
    M: { skew: -SKEW_MS, env: skewedClockEnv('-10m') },
  };
  /** Per tier name: one ticket for each gate. */
  const tickets = new Map<string, { id: string; code: string }[]>();

  const status = async (g: 'P' | 'M') =>
    (await (await fetch(`http://127.0.0.1:${gates[g].port}/api/v1/status`)).json()) as EdgeStatus;
  const scan = async (g: 'P' | 'M', code: string) => {
    const res = await fetch(`http://127.0.0.1:${gates[g].port}/api/v1/scans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${handheldKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ laneId: 'in', code }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { decision: string; reason: string; at: string };
  };
  const inside = async (g: 'P' | 'M') => (await status(g)).events.find((e) => e.id === setup.eventId)?.inside;
  /** Both gates count the same people inside (gossip delivered every admission). */
  const settled = () =>
    eventually(async () => {
      const [p, m] = [await inside('P'), await inside('M')];
      return p !== undefined && p === m ? p : undefined;
    }, 'both gates count the same admissions');
  const buy = async (tierId: string, quantity: number) => {
    const buyer = await registerAccount(cloud.api, 'Buyer');
    await buyer.api.post('/orders', { items: [{ tierId, quantity }] });
    return (
      (await buyer.api.get('/me/tickets')).data as { id: string; code: string; tierId: string }[]
    ).filter((t) => t.tierId === tierId);
  };

  beforeAll(async () => {
    // First: libfaketime really moves node's clock (else nothing below would be skewed).
    expect(Math.abs(measuredSkewMs(gates.P.env) - SKEW_MS)).toBeLessThan(30_000);
    expect(Math.abs(measuredSkewMs(gates.M.env) + SKEW_MS)).toBeLessThan(30_000);

    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    gates.P.node = setup.node;
    gates.M.node = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate M' });
    // Admission windows nine minutes either side of now: each clock, ten minutes off, gets two of them
    // wrong on its own, and the true time stays inside them for nine minutes of a slow test run.
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const windows = {
      'early bird (until +9 min)': { validFrom: null, validUntil: at(9) },
      'later (from +9 min)': { validFrom: at(9), validUntil: null },
      'started (from -9 min)': { validFrom: at(-9), validUntil: null },
      'over (until -9 min)': { validFrom: null, validUntil: at(-9) },
    };
    const rules: { tierId: string; validFrom: string | null; validUntil: string | null }[] = [];
    for (const [name, window] of Object.entries(windows)) {
      const tier = await setup.promoter.api.post(`/events/${setup.eventId}/tiers`, {
        name,
        priceCents: 0,
        quantity: 10,
      });
      rules.push({ tierId: tier.id, ...window });
      tickets.set(name, await buy(tier.id, 2));
    }
    await setup.promoter.api.request('PUT', `/events/${setup.eventId}/gate-rules`, { tiers: rules });
    tickets.set('guest', await buy(setup.freeTierId, 4));

    for (const g of ['P', 'M'] as const) gates[g].port = await freePort();
    for (const g of ['P', 'M'] as const) {
      const other = g === 'P' ? 'M' : 'P';
      const file = join(dir, `edge-${g}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          cloudUrl: cloud.url,
          nodeToken: gates[g].node!.token,
          dataDir: join(dir, g),
          port: gates[g].port,
          host: '127.0.0.1',
          uploadIntervalMs: 200,
          heartbeatIntervalMs: 500,
          peers: [`http://127.0.0.1:${gates[other].port}`],
          peerSecret: 'venue-secret-of-the-skewed-arena',
          peerPullIntervalMs: 500,
          handhelds: [{ id: 'hh', key: handheldKey }],
          lanes: [{ id: 'in', direction: 'entry' }],
          ...(g === 'M' ? { watchManifest: false, pullIntervalMs: 3_600_000 } : { pullIntervalMs: 1000 }),
        }),
      );
      gates[g].proc = runCli(['edge', '--config', file], gates[g].env);
    }
    for (const g of ['P', 'M'] as const) await gates[g].proc!.waitFor(/TixMo edge listening on/);
    for (const g of ['P', 'M'] as const)
      await eventually(async () => {
        const s = await status(g);
        return s.clock?.measuredAt && s.manifest.tickets > 0 ? s : undefined;
      }, `gate ${g} measured its clock and synced`);
  });

  afterAll(async () => {
    for (const g of ['P', 'M'] as const) await gates[g].proc?.kill();
    await cloud?.close();
  });

  it('each measures its offset, corrects by it and explains so on status; the manifest is fresh by the cloud’s clock', async () => {
    for (const g of ['P', 'M'] as const) {
      const s = await status(g);
      const clock = s.clock!;
      expect(Math.abs(clock.offsetMs! - gates[g].skew), `gate ${g}`).toBeLessThan(5000);
      expect(clock).toMatchObject({ skewed: true, clamped: false, correctionMs: clock.offsetMs });
      expect(clock.explanation).toMatch(g === 'P' ? /ahead of the cloud’s/ : /behind the cloud’s/);
      expect(clock.explanation).toMatch(/decisions use the cloud’s time/);
      expect(Math.abs(Date.parse(clock.now) - Date.now()), `gate ${g} venue time`).toBeLessThan(5000);
      // Synced since it started (a slow machine takes a while): nowhere near the ±600 s a skewed clock gave.
      expect(s.manifest.ageSeconds, `gate ${g}`).toBeLessThan(120);
      expect(s.manifest.ageSeconds, `gate ${g}`).toBeGreaterThanOrEqual(0);
    }
    const sync = await eventually(async () => {
      const r = await setup.promoter.api.get<SyncStatus>(`/venues/${setup.venueId}/sync-status`);
      return r.nodes.every((n) => n.manifestAgeSeconds !== null) ? r : undefined;
    }, 'both gates reported');
    for (const n of sync.nodes) {
      expect(n.manifestAgeSeconds, n.name).toBeLessThan(120);
      expect(n.manifestAgeSeconds, n.name).toBeGreaterThan(-5);
      expect(n.problems.find((p) => p.startsWith('clock off by'))).toMatch(
        /its decisions use the cloud’s time/,
      );
    }
  });

  it('admits the early bird and the started tier, and rejects the later and the ended ones, at both gates', async () => {
    const expected: Record<string, string> = {
      'early bird (until +9 min)': 'ok',
      'later (from +9 min)': 'not_yet_valid',
      'started (from -9 min)': 'ok',
      'over (until -9 min)': 'expired',
    };
    for (const [i, g] of (['P', 'M'] as const).entries())
      for (const [tier, reason] of Object.entries(expected)) {
        const out = await scan(g, tickets.get(tier)![i]!.code);
        expect(out.reason, `${tier} at gate ${g}`).toBe(reason);
        // Journalled on the venue's time, not the gate's.
        expect(Math.abs(Date.parse(out.at) - Date.now()), `${tier} at gate ${g}`).toBeLessThan(5000);
      }
    await settled();
  });

  it('refuses at one gate the second entry of a ticket admitted at the other, both ways', async () => {
    const [a, b] = tickets.get('guest')!;
    expect((await scan('P', a!.code)).reason).toBe('ok');
    await settled();
    expect((await scan('M', a!.code)).reason).toBe('already_inside');
    expect((await scan('M', b!.code)).reason).toBe('ok');
    await settled();
    expect((await scan('P', b!.code)).reason).toBe('already_inside');
  });

  it('flags in reconciliation an admission at the lagging gate after the ticket was cancelled', async () => {
    const revoked = tickets.get('guest')![2]!;
    await setup.promoter.api.post(`/tickets/${revoked.id}/cancel`);
    // M has not pulled since it started: it admits on its stale manifest.
    expect((await scan('M', revoked.code)).reason).toBe('ok');
    await eventually(async () => {
      const [p, m] = [await status('P'), await status('M')];
      return p.upload.pending === 0 && m.upload.pending === 0 ? true : undefined;
    }, 'both gates uploaded');
    const r = await setup.promoter.api.get<Reconciliation>(`/events/${setup.eventId}/reconciliation`);
    const flagged = r.conflicts.filter((c) => c.type === 'admitted_after_revocation');
    expect(flagged.map((c) => [c.ticketId, c.scans[0]!.nodeId])).toEqual([[revoked.id, gates.M.node!.id]]);
    expect(r.conflicts.filter((c) => c.type === 'double_admission')).toEqual([]);
  });
});
