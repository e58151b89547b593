import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickets } from '../../src/cloud/db/schema.ts';
import { encodeHlc } from '../../src/shared/hlc.ts';
import type { Reconciliation, SyncStatus } from '../../src/sync/reconcile.ts';
import { expectErrorBody, rawRequest, scanRow } from '../cloud/support.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import {
  buyTickets,
  expectApiError,
  type PromoterSetup,
  registerAccount,
  setupEvent,
} from '../helpers/factories.ts';
import { runCli } from '../helpers/processes.ts';

const hlc = (ms: number, node: string) => encodeHlc({ ms, counter: 0, node });

describe('ops: heartbeat, sync status and reconciliation', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let nodeB: { id: string; token: string };
  let t: { id: string; code: string }[];
  const base = Date.UTC(2026, 0, 1, 20, 0, 0);

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    nodeB = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
    ({ tickets: t } = await buyTickets(cloud.api, setup, 5));
    const row = (
      seq: number,
      ticket: number,
      ms: number,
      node: string,
      extra: Record<string, unknown> = {},
    ) =>
      scanRow(seq, {
        ticketId: t[ticket]!.id,
        eventId: setup.eventId,
        hlc: hlc(base + ms, node),
        at: new Date(base + ms).toISOString(),
        ...extra,
      });
    const a = await rawRequest(cloud, 'POST', '/sync/scans', {
      token: setup.node.token,
      json: {
        nodeId: setup.node.id,
        scans: [
          row(1, 0, 1000, 'A'),
          row(2, 1, 2000, 'A', { kind: 'manual_admit', note: 'phone died' }),
          row(3, 2, 3000, 'A'),
          row(4, 3, 4000, 'A'),
          row(5, 3, 5000, 'A', { kind: 'annul', note: 'wrong person' }),
          row(6, 4, 6000, 'A', { decision: 'reject', reason: 'bad_signature' }),
        ],
      },
    });
    expect(a.body).toMatchObject({ ackedSeq: 6 });
    // B admitted ticket 0 too while partitioned from A.
    const b = await rawRequest(cloud, 'POST', '/sync/scans', {
      token: nodeB.token,
      json: { nodeId: nodeB.id, scans: [row(1, 0, 1500, 'B', { laneId: 'south-1' })] },
    });
    expect(b.body).toMatchObject({ ackedSeq: 1 });
    // Ticket 2 was refunded before its scan at base+3000.
    await cloud.deps.db
      .update(tickets)
      .set({ status: 'REFUNDED', statusChangedAt: new Date(base + 2500) })
      .where(eq(tickets.id, t[2]!.id));
  });

  afterAll(async () => {
    await cloud?.close();
  });

  it('lists double admissions, admissions after a refund and manual overrides, with totals per node and lane', async () => {
    const r = await setup.promoter.api.get<Reconciliation>(`/events/${setup.eventId}/reconciliation`);
    expect(r.totals).toEqual({ entries: 4, exits: 0, inside: 4, rejects: 1 });
    const kinds = r.conflicts.map((c) => `${c.type}:${c.ticketId}`).sort();
    expect(kinds).toEqual(
      [
        `admitted_after_revocation:${t[2]!.id}`,
        `double_admission:${t[0]!.id}`,
        `manual_override:${t[1]!.id}`,
        `manual_override:${t[3]!.id}`,
      ].sort(),
    );
    const double = r.conflicts.find((c) => c.type === 'double_admission')!;
    expect(double.scans.map((s) => s.nodeId)).toEqual([setup.node.id, nodeB.id]);
    expect(r.perNodeLane).toContainEqual(
      expect.objectContaining({ nodeId: nodeB.id, laneId: 'south-1', entries: 1 }),
    );
    expect(r.perNodeLane).toContainEqual(
      expect.objectContaining({ nodeId: setup.node.id, entries: 3, manual: 1, annulled: 1, rejects: 1 }),
    );
    expect(r.needsAttention).toBe(true);
  });

  it('counts an annulment as one entry less in attendance, never as an exit', async () => {
    const att = await setup.promoter.api.get(`/events/${setup.eventId}/attendance`);
    expect(att).toMatchObject({ entries: 4, exits: 0, inside: 4 });
  });

  it('stores heartbeats and reports clock offset, backlog and silent nodes in sync status', async () => {
    const report = (offsetMs: number | null, lastSeq: number) => ({
      sentAt: new Date().toISOString(),
      manifest: { cursor: 'c', syncedAt: new Date().toISOString(), tickets: 5 },
      upload: { lastSeq, ackedSeq: lastSeq },
      // A node that corrects its decisions by what it measured (so its scan times stand).
      clock: { offsetMs, boundMs: 2000, correctionMs: offsetMs ?? 0 },
      peers: [{ url: 'http://10.0.0.2:4000', nodeId: nodeB.id, reachable: true, lastContactAt: null }],
    });
    const ack = await rawRequest(cloud, 'POST', '/sync/heartbeat', {
      token: setup.node.token,
      json: report(7000, 9),
    });
    expect(ack.status).toBe(200);
    expect(Date.parse((ack.body as { serverTime: string }).serverTime)).not.toBeNaN();
    const s = await setup.promoter.api.get<SyncStatus>(`/venues/${setup.venueId}/sync-status`);
    const a = s.nodes.find((n) => n.nodeId === setup.node.id)!;
    expect(a).toMatchObject({ clockOffsetMs: 7000, backlog: 3, ackedSeq: 6, peersReachable: 1, peers: 1 });
    expect(a.problems).toEqual([
      '3 scans not uploaded',
      'clock off by 7000 ms (bound 2000 ms; its decisions use the cloud’s time)',
    ]);
    expect(s.nodes.find((n) => n.nodeId === nodeB.id)!.problems).toEqual(['never reported']);
    expect(s.needsAttention).toBe(true);

    const bad = await rawRequest(cloud, 'POST', '/sync/heartbeat', {
      token: setup.node.token,
      json: { sentAt: 1 },
    });
    expectErrorBody(bad, 400, 'BAD_REQUEST');
  });

  it('hides another organization’s venues and events (404) and wants a user', async () => {
    const stranger = await registerAccount(cloud.api, 'Stranger');
    await expectApiError(stranger.api.get(`/events/${setup.eventId}/reconciliation`), 404, 'NOT_FOUND');
    await expectApiError(stranger.api.get(`/venues/${setup.venueId}/sync-status`), 404, 'NOT_FOUND');
    await expectApiError(cloud.api.get(`/venues/${setup.venueId}/sync-status`), 401, 'UNAUTHORIZED');
    await expectApiError(
      cloud.api.as(setup.node.token).get(`/events/${setup.eventId}/reconciliation`),
      401,
      'UNAUTHORIZED',
    );
  });

  it('tixmo sync reconcile and status print tables or JSON and exit 1 when something needs attention', async () => {
    const env = { TIXMO_CLOUD_URL: cloud.url, TIXMO_TOKEN: setup.promoter.accessToken };
    const table = runCli(['sync', 'reconcile', '--event', setup.eventId], env);
    expect(await table.exited()).toBe(1);
    expect(table.stdout()).toMatch(/double_admission\s+\S+\s+entered at/);
    expect(table.stdout()).toMatch(/NODE\s+LANE\s+ENTRIES/);
    const json = runCli(['sync', 'reconcile', '--event', setup.eventId, '--json'], env);
    expect(await json.exited()).toBe(1);
    expect(JSON.parse(json.stdout()).conflicts).toHaveLength(4);
    const status = runCli([
      'sync',
      'status',
      '--venue',
      setup.venueId,
      '--cloud',
      cloud.url,
      '--token',
      setup.promoter.accessToken,
    ]);
    expect(await status.exited()).toBe(1);
    expect(status.stdout()).toMatch(/Gate B .*never reported/);
    const help = runCli(['sync', '--help']);
    expect(await help.exited()).toBe(0);
    expect(help.stdout()).toMatch(/tixmo sync reconcile --event ID/);
    const noToken = runCli(['sync', 'status', '--venue', setup.venueId, '--cloud', cloud.url], {
      TIXMO_TOKEN: '',
    });
    expect(await noToken.exited()).toBe(2);
    expect(noToken.stderr()).toMatch(/--token T \(or env TIXMO_API_KEY or TIXMO_TOKEN\) is required/);
    const other = await registerAccount(cloud.api, 'Other');
    const hidden = runCli(['sync', 'reconcile', '--event', setup.eventId], {
      ...env,
      TIXMO_TOKEN: other.accessToken,
    });
    expect(await hidden.exited()).toBe(2);
    expect(hidden.stderr()).toMatch(/404 NOT_FOUND/);
  });
});
