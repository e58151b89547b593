import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudApi } from '../../src/demo/api-client.ts';
import type { EdgeStatus } from '../../src/edge/http.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { createTestDatabase, postgresAvailable } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, eventually, runCli } from '../helpers/processes.ts';
import { openPtyPair, type PtyPair } from '../helpers/pty.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

const socat = requireBinary('socat', 'socat');
const names = ['A', 'B', 'C'] as const;

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Node {
  name: string;
  id: string;
  token: string;
  port: number;
  dataDir: string;
  peers: string[];
  proc?: CliProcess;
  pty?: PtyPair;
}

describe.skipIf(!socat.available || !postgresAvailable())('three edges and one cloud, as processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-venue-'));
  const seed = Number(process.env.TIXMO_TEST_SEED ?? Date.now() % 1_000_000);
  const random = prng(seed);
  let databaseUrl: string;
  let cloudPort: number;
  let cloud: CliProcess | undefined;
  let cloudLink: TcpProxy;
  let api: CloudApi;
  let setup: PromoterSetup;
  let codes: { id: string; code: string }[];
  const nodes: Node[] = [];
  /** C's links to and from its peers, to partition it. */
  const cLinks: TcpProxy[] = [];

  const startCloud = async () => {
    cloud = runCli(['cloud', '--port', String(cloudPort), '--data-dir', join(dir, 'cloud')], {
      DATABASE_URL: databaseUrl,
    });
    await cloud.waitFor(/TixMo cloud listening on/);
  };

  const startNode = async (n: Node) => {
    await n.pty?.close();
    n.pty = await openPtyPair();
    const file = join(dir, `edge-${n.name}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        cloudUrl: cloudLink.url,
        nodeToken: n.token,
        dataDir: n.dataDir,
        port: n.port,
        host: '127.0.0.1',
        pullIntervalMs: 1000,
        uploadIntervalMs: 200,
        heartbeatIntervalMs: 300,
        peers: n.peers,
        peerSecret: 'venue-secret-of-the-arena',
        peerPullIntervalMs: 200,
        antiPassback: { mode: 'soft', unconfirmedAfterSeconds: 1 },
        lanes: [
          {
            id: `in-${n.name}`,
            direction: 'entry',
            scanners: [{ type: 'serial', path: n.pty.devicePath }],
          },
        ],
      }),
    );
    n.proc = runCli(['edge', '--config', file]);
    await n.proc.waitFor(/TixMo edge listening on/);
  };

  const status = async (n: Node): Promise<EdgeStatus> =>
    (await (await fetch(`http://127.0.0.1:${n.port}/api/v1/status`)).json()) as EdgeStatus;

  const scan = (n: Node, code: string) => n.pty!.write(`${code}\r\n`);

  /** Every node's journal is in the cloud, each (nodeId, seq) once and gap-free. */
  const expectExactlyOnce = async () => {
    type Held = { n: number; distinct: number; lo: number; hi: number };
    const want = (seq: number): Held =>
      seq === 0 ? { n: 0, distinct: 0, lo: 0, hi: 0 } : { n: seq, distinct: seq, lo: 1, hi: seq };
    let seen: { name: string; held: Held; journal: number }[] = [];
    // The edges may still be reading scans the test wrote to their ptys (a loaded
    // machine lags), so a node's journal can grow after a first "all uploaded": compare
    // only when each journal stood still across the cloud query, and retry until then.
    await eventually(async () => {
      const last = new Map<string, number>();
      for (const n of nodes) {
        const st = await status(n);
        if (st.upload.pending !== 0 || st.upload.lastError !== null) return undefined;
        last.set(n.id, st.upload.lastSeq);
      }
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      let rows: { node_id: string; n: string; distinct_n: string; lo: string; hi: string }[];
      try {
        ({ rows } = await client.query(
          `select node_id, count(*) as n, count(distinct seq) as distinct_n, min(seq) as lo, max(seq) as hi
           from scans group by node_id`,
        ));
      } finally {
        await client.end();
      }
      for (const n of nodes) if ((await status(n)).upload.lastSeq !== last.get(n.id)) return undefined;
      seen = nodes.map((n) => {
        const row = rows.find((r) => r.node_id === n.id);
        const held = row
          ? { n: Number(row.n), distinct: Number(row.distinct_n), lo: Number(row.lo), hi: Number(row.hi) }
          : want(0);
        return { name: n.name, held, journal: last.get(n.id)! };
      });
      return seen.every((s) => JSON.stringify(s.held) === JSON.stringify(want(s.journal))) ? true : undefined;
    }, 'every journal row in the cloud exactly once').catch(() => undefined);
    expect(seen.length, `no settled state to compare (seed ${seed})`).toBe(nodes.length);
    for (const s of seen) expect(s.held, `node ${s.name} (seed ${seed})`).toEqual(want(s.journal));
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    cloudPort = await freePort();
    await startCloud();
    api = new CloudApi(`http://127.0.0.1:${cloudPort}`);
    cloudLink = await startTcpProxy(cloudPort, random);
    setup = await setupEvent(api, { quantity: 100 });
    codes = [];
    for (let i = 0; i < 6; i++) codes.push(...(await buyTickets(api, setup, 10)).tickets);
    const extra = [];
    for (const name of ['B', 'C'])
      extra.push(
        await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: `Gate ${name}` }),
      );
    const creds = [setup.node, ...extra];
    const ports = [await freePort(), await freePort(), await freePort()];
    const url = (port: number) => `http://127.0.0.1:${port}`;
    const toC = await startTcpProxy(ports[2]!);
    const cToA = await startTcpProxy(ports[0]!);
    const cToB = await startTcpProxy(ports[1]!);
    cLinks.push(toC, cToA, cToB);
    const peers = [
      [url(ports[1]!), toC.url],
      [url(ports[0]!), toC.url],
      [cToA.url, cToB.url],
    ];
    names.forEach((name, i) => {
      nodes.push({
        name,
        id: creds[i]!.id,
        token: creds[i]!.token,
        port: ports[i]!,
        dataDir: join(dir, `edge-${name}`),
        peers: peers[i]!,
      });
    });
    for (const n of nodes) await startNode(n);
    for (const n of nodes)
      await eventually(
        async () => ((await status(n)).manifest.tickets === 60 ? true : undefined),
        `${n.name} manifest`,
      );
  });

  afterAll(async () => {
    for (const n of nodes) {
      await n.proc?.kill();
      await n.pty?.close();
    }
    for (const p of cLinks) await p.close();
    await cloudLink?.close();
    await cloud?.kill();
  });

  it('shares admissions, decides alone when partitioned, and shows the double admission in sync reconcile after healing', async () => {
    const [a, b, c] = nodes as [Node, Node, Node];
    scan(a, codes[0]!.code);
    await eventually(async () => {
      const st = await status(c);
      return st.events[0]?.entries === 1 ? true : undefined;
    }, 'C learns of A’s admission');
    scan(c, codes[0]!.code);
    await eventually(async () => ((await status(c)).upload.lastSeq === 1 ? true : undefined), 'C journaled');
    const rejected = await eventually(async () => {
      const st = await status(c);
      return st.events[0]?.entries === 1 && st.upload.lastSeq === 1 ? st : undefined;
    }, 'C rejected the repeat');
    expect(rejected.events[0]!.inside).toBe(1);

    for (const p of cLinks) p.cut();
    await eventually(async () => {
      const st = await status(c);
      return st.peers?.every((p) => !p.reachable) ? true : undefined;
    }, 'C sees its peers unreachable');
    scan(a, codes[1]!.code);
    scan(c, codes[1]!.code);
    await eventually(
      async () => ((await status(c)).events[0]?.entries === 2 ? true : undefined),
      'C admitted alone',
    );
    await eventually(
      async () => ((await status(a)).events[0]?.entries === 2 ? true : undefined),
      'A admitted',
    );
    for (const p of cLinks) p.heal();
    for (const n of [a, b, c])
      await eventually(async () => {
        const st = await status(n);
        return st.events[0]?.entries === 3 && st.peers?.every((p) => p.reachable) ? true : undefined;
      }, `${n.name} caught up after the partition`);
    await expectExactlyOnce();

    const env = { TIXMO_CLOUD_URL: api.baseUrl, TIXMO_TOKEN: setup.promoter.accessToken };
    const reconcile = runCli(['sync', 'reconcile', '--event', setup.eventId, '--json'], env);
    expect(await reconcile.exited()).toBe(1);
    const report = JSON.parse(reconcile.stdout());
    expect(report.conflicts).toEqual([
      expect.objectContaining({
        type: 'double_admission',
        ticketId: codes[1]!.id,
        scans: [expect.objectContaining({}), expect.objectContaining({})],
      }),
    ]);
    expect(new Set(report.conflicts[0].scans.map((s: { nodeId: string }) => s.nodeId))).toEqual(
      new Set([a.id, c.id]),
    );
    const table = runCli(['sync', 'reconcile', '--event', setup.eventId], env);
    expect(await table.exited()).toBe(1);
    expect(table.stdout()).toContain(`double_admission  ${codes[1]!.id}`);
    const st = runCli(['sync', 'status', '--venue', setup.venueId, '--json'], env);
    await st.exited();
    const nodesReport = JSON.parse(st.stdout()).nodes as {
      nodeId: string;
      peers: number;
      clockOffsetMs: number | null;
    }[];
    expect(nodesReport.map((n) => n.peers)).toEqual([2, 2, 2]);
    expect(nodesReport.every((n) => n.clockOffsetMs !== null)).toBe(true);
  });

  it('cloud down for the whole event, an edge killed -9 with rows not uploaded: every scan arrives once when it is back', async () => {
    cloudLink.cut();
    for (let i = 10; i < 16; i++) scan(nodes[i % 3]!, codes[i]!.code);
    const a = nodes[0]!;
    await eventually(
      async () => ((await status(a)).upload.pending >= 2 ? true : undefined),
      'A holds unsent rows',
    );
    await a.proc!.kill('SIGKILL');
    await startNode(a);
    expect((await status(a)).upload.pending).toBeGreaterThanOrEqual(2);
    cloudLink.heal();
    await expectExactlyOnce();
  });

  it('a burst with edges killed at random, the cloud killed mid-batch and a flaky network: every scan arrives once', async () => {
    cloudLink.faultRate = 0.25;
    let cloudKilled = false;
    for (let i = 0; i < 120; i++) {
      const n = nodes[Math.floor(random() * 3)]!;
      scan(n, codes[20 + Math.floor(random() * 40)]!.code);
      if (random() < 0.04) {
        await n.proc!.kill('SIGKILL');
        await startNode(n);
      }
      if (!cloudKilled && i >= 60) {
        cloudKilled = true;
        await cloud!.kill('SIGKILL');
        await startCloud();
      }
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    cloudLink.faultRate = 0;
    const before = await Promise.all(nodes.map(async (n) => (await status(n)).upload.lastSeq));
    expect(before.every((seq) => seq > 0)).toBe(true);
    await expectExactlyOnce();
    expect(cloudLink.faults, 'the flaky link did drop connections').toBeGreaterThan(0);
  });
});
