import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../../src/edge/runtime.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { PEER_AUTH_HEADER, sha256Hex, signPeerRequest } from '../../src/sync/peer/messages.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { freePort } from '../helpers/ports.ts';
import { eventually } from '../helpers/processes.ts';

const silent = createLogger({ level: 'silent' });
const secret = 'venue-secret-for-gossip-tests';

describe('peer gossip between the edges of one venue', () => {
  let cloud: TestCloud;
  let setup: PromoterSetup;
  let codes: { id: string; code: string }[];
  const tokens: string[] = [];
  const ports: number[] = [];
  const dirs: string[] = [];
  const edges: (RunningEdge | undefined)[] = [];
  let clockMs = Date.now();
  const now = () => new Date(clockMs);

  const boot = async (i: number, extra: Record<string, unknown> = {}) => {
    edges[i] = await startEdge({
      logger: silent,
      now,
      config: parseEdgeConfig({
        cloudUrl: cloud.url,
        nodeToken: tokens[i],
        dataDir: dirs[i],
        port: ports[i],
        host: '127.0.0.1',
        pullIntervalMs: 60_000,
        uploadIntervalMs: 100,
        // Pulls are slow on purpose: what arrives quickly came by push.
        peerPullIntervalMs: 60_000,
        peers: ports.filter((_, j) => j !== i).map((p) => `http://127.0.0.1:${p}`),
        peerSecret: secret,
        lanes: [
          { id: 'in', direction: 'entry' },
          { id: 'out', direction: 'exit' },
        ],
        ...extra,
      }),
    });
    await edges[i]!.syncNow();
    return edges[i]!;
  };

  beforeAll(async () => {
    cloud = await startTestCloud();
    setup = await setupEvent(cloud.api);
    ({ tickets: codes } = await buyTickets(cloud.api, setup, 8));
    tokens.push(setup.node.token);
    for (const name of ['Gate B', 'Gate C']) {
      const node = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name });
      tokens.push(node.token);
    }
    for (let i = 0; i < 3; i++) {
      ports.push(await freePort());
      dirs.push(mkdtempSync(join(tmpdir(), `tixmo-peer-${i}-`)));
    }
    for (let i = 0; i < 3; i++) await boot(i);
  });

  afterAll(async () => {
    for (const e of edges) await e?.close();
    await cloud?.close();
  });

  it('rejects at B and C a ticket just admitted at A, delivered by push', async () => {
    const code = codes[0]!.code;
    // B's wall screens hear about A's admission too.
    const screen = io(`${edges[1]!.url}/live`, { transports: ['websocket'], reconnection: false });
    const seen: { inside: number }[] = [];
    screen.on('occupancy', (o: { inside: number }) => seen.push(o));
    await new Promise<void>((resolve, reject) => {
      screen.once('connect', () => resolve());
      screen.once('connect_error', reject);
    });
    expect((await edges[0]!.scan('in', code))!.row.reason).toBe('ok');
    await eventually(
      () => (seen.some((o) => o.inside === 1) ? true : undefined),
      'B’s screen shows A’s admission',
    );
    screen.close();
    await eventually(
      () =>
        edges[1]!.status().events[0]?.inside === 1 && edges[2]!.status().events[0]?.inside === 1
          ? true
          : undefined,
      'peers count the admission',
    );
    expect((await edges[1]!.scan('in', code))!.row).toMatchObject({
      decision: 'reject',
      reason: 'already_inside',
    });
    expect((await edges[2]!.scan('in', code))!.row).toMatchObject({
      decision: 'reject',
      reason: 'already_inside',
    });
    // An exit at C lets the holder in again at B.
    expect((await edges[2]!.scan('out', code))!.row.decision).toBe('admit');
    await eventually(() => (edges[1]!.status().events[0]?.inside === 0 ? true : undefined), 'exit reaches B');
    expect((await edges[1]!.scan('in', code))!.row.reason).toBe('ok');
  });

  it('refuses rows from a device on the LAN without the venue secret', async () => {
    const url = `http://127.0.0.1:${ports[1]}/peer/v1/push`;
    const row = {
      seq: 1,
      ticketId: codes[5]!.id,
      eventId: setup.eventId,
      laneId: 'in',
      direction: 'entry',
      decision: 'admit',
      reason: 'ok',
      hlc: `${String(Date.now()).padStart(13, '0')}-00000-intruder`,
      at: new Date().toISOString(),
    };
    const body = JSON.stringify({ nodeId: 'intruder', rows: [row] });
    const unsigned = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(401);
    const forged = await fetch(url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        [PEER_AUTH_HEADER]: signPeerRequest(
          'not-the-venue-secret',
          { nodeId: 'intruder', session: '-', counter: 1, bodySha256: sha256Hex(body) },
          'POST',
          '/peer/v1/push',
        ),
      },
    });
    expect(forged.status).toBe(401);
    const journal = await fetch(`http://127.0.0.1:${ports[1]}/peer/v1/journal?after=0`);
    expect(journal.status).toBe(401);
    expect((await edges[1]!.scan('in', codes[5]!.code))!.row.reason).toBe('ok');
  });

  it('catches up after a restart of a node that missed admissions, and remembers peers across restarts', async () => {
    await edges[2]!.close();
    edges[2] = undefined;
    const code = codes[2]!.code;
    expect((await edges[0]!.scan('in', code))!.row.reason).toBe('ok');
    const c = await boot(2, { peerPullIntervalMs: 200 });
    await eventually(
      () => (c.status().peers?.every((p) => p.reachable) ? true : undefined),
      'C reaches its peers again',
    );
    expect((await c.scan('in', code))!.row.reason).toBe('already_inside');
    // Restarted again with peers unreachable: C still knows from disk what A admitted.
    await c.close();
    const [a, b] = [edges[0]!, edges[1]!];
    edges[0] = undefined;
    edges[1] = undefined;
    await a.close();
    await b.close();
    const alone = await boot(2, { peerPullIntervalMs: 200 });
    expect((await alone.scan('in', codes[0]!.code))!.row.reason).toBe('already_inside');
    expect((await alone.scan('in', code))!.row.reason).toBe('already_inside');
    expect(alone.status().peers?.some((p) => p.reachable)).toBe(false);
  });

  it('in hard mode rejects entries it cannot confirm once peers are out of reach too long; soft mode admits', async () => {
    await edges[2]!.close();
    const hard = await boot(2, {
      peerPullIntervalMs: 200,
      antiPassback: { mode: 'hard', unconfirmedAfterSeconds: 5 },
    });
    expect((await hard.scan('in', codes[3]!.code))!.row).toMatchObject({
      decision: 'reject',
      reason: 'unconfirmed',
    });
    expect(hard.status().antiPassback).toEqual({ mode: 'hard', unconfirmed: true });
    await boot(0, { peerPullIntervalMs: 200 });
    await boot(1, { peerPullIntervalMs: 200 });
    await eventually(
      () => (hard.status().antiPassback?.unconfirmed === false ? true : undefined),
      'peers confirmed',
    );
    expect((await hard.scan('in', codes[3]!.code))!.row.reason).toBe('ok');
    await edges[0]!.close();
    edges[0] = undefined;
    clockMs += 6_000;
    await eventually(
      () => (hard.status().antiPassback?.unconfirmed ? true : undefined),
      'A counted unreachable',
    );
    expect((await hard.scan('in', codes[4]!.code))!.row.reason).toBe('unconfirmed');
    expect((await edges[1]!.scan('in', codes[4]!.code))!.row.reason).toBe('ok');
  });
});
