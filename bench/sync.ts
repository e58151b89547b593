/**
 * Sync figures on loopback against a real Postgres server:
 *   full manifest pull of 100k tickets, incremental pull of 1,000 changes (and the
 *   wake-up latency of a refund), peer admission propagation p50/p99, upload throughput,
 *   and the busy venue (bench/sync-venue.ts): three edges behind one IP under scan load.
 * Run: npx tsx bench/sync.ts  (DATABASE_URL=postgres://… to use your own server;
 * otherwise a throwaway cluster is started, fsync off).
 *   --venue-only    only the busy venue
 *   BENCH_VENUE_SECONDS (30), BENCH_VENUE_RATE (550 scans/s per edge), BENCH_VENUE_REFUND_MS (1000),
 *   BENCH_VENUE_IP_LIMIT (the cloud's per-IP limit a minute; default its own 1,200),
 *   BENCH_VENUE_FEED (serial: turnstile scanners on socat ptys, the default; http: the handheld API),
 *   BENCH_VENUE_IN_FLIGHT (reads waiting for their answer per edge, 64)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadCloudConfig } from '../src/cloud/config.ts';
import { startCloud } from '../src/cloud/server.ts';
import { notifyManifestChanged } from '../src/cloud/sync/wakeups.ts';
import { CloudApi } from '../src/demo/api-client.ts';
import { parseEdgeConfig } from '../src/edge/config.ts';
import { type RunningEdge, startEdge } from '../src/edge/runtime.ts';
import { encodeHlc } from '../src/shared/hlc.ts';
import { createLogger } from '../src/shared/logger.ts';
import { buyTickets, setupEvent } from '../test/helpers/factories.ts';
import { freePort } from '../test/helpers/ports.ts';
import { startPostgresServer } from '../test/helpers/postgres-server.ts';
import { busyVenue } from './sync-venue.ts';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const CHANGES = 1000;
const PEER_SAMPLES = 300;
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 50_000);
const silent = createLogger({ level: 'silent' });
const results: Record<string, string> = {};
const say = (line: string) => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stdout.write(`\r  ${line}\u001b[K`);

async function main() {
  let adminUrl = process.env.DATABASE_URL;
  let stopPg: (() => void) | undefined;
  if (!adminUrl) {
    const server = await startPostgresServer();
    if ('missing' in server) throw new Error(server.missing);
    adminUrl = server.url;
    stopPg = () => server.stop();
    say(`postgres: throwaway cluster at ${adminUrl} (fsync off)`);
  }
  if (process.argv.includes('--venue-only')) {
    await venue(adminUrl);
    stopPg?.();
    return;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const dbName = `tixmo_bench_${Date.now()}`;
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();

  const dirs: string[] = [];
  const tmp = (p: string) => {
    const d = mkdtempSync(join(tmpdir(), p));
    dirs.push(d);
    return d;
  };
  const cloud = await startCloud(
    loadCloudConfig({ port: 0, dataDir: tmp('bench-cloud-'), databaseUrl, logLevel: 'silent' }, {}),
    silent,
  );
  const api = new CloudApi(cloud.url);
  const setup = await setupEvent(api, { quantity: 1000 });
  const { orderId } = await buyTickets(api, setup, 1);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  say(`seeding ${TICKETS.toLocaleString()} tickets…`);
  await db.query(
    `insert into tickets (id, order_id, event_id, venue_id, tier_id, holder_id, code)
     select 'bench-' || lpad(g::text, 7, '0'), o.id, o.event_id, e.venue_id, $2, o.user_id, 'x'
     from generate_series(1, $1::int) g, orders o join events e on e.id = o.event_id where o.id = $3`,
    [TICKETS - 1, setup.tierId, orderId],
  );

  const edgeConfig = (nodeToken: string, extra: Record<string, unknown> = {}) =>
    parseEdgeConfig({
      cloudUrl: cloud.url,
      nodeToken,
      dataDir: tmp('bench-edge-'),
      port: 0,
      host: '127.0.0.1',
      pullIntervalMs: 600_000,
      uploadIntervalMs: 600_000,
      lanes: [{ id: 'in', direction: 'entry' }],
      ...extra,
    });

  // 1. Full pull
  say('full manifest pull…');
  let started = performance.now();
  const edge = await startEdge({
    config: edgeConfig(setup.node.token),
    logger: silent,
    onPullProgress: (p) =>
      progress(`${p.tickets.toLocaleString()} tickets, ${p.remaining.toLocaleString()} to go`),
  });
  await edge.syncNow();
  const fullMs = performance.now() - started;
  process.stdout.write('\n');
  results['full manifest pull'] =
    `${(fullMs / 1000).toFixed(2)} s (${edge.status().manifest.tickets.toLocaleString()} tickets; target ≤ 10 s)`;
  say(`  ${results['full manifest pull']}`);

  // 2. Incremental pull of 1,000 changes, then a refund woken through the long-poll
  await db.query(
    `update tickets set status = 'REFUNDED', version = version + 1, change_xid = pg_current_xact_id(), status_changed_at = now()
     where id in (select id from tickets where venue_id = $1 order by id limit $2)`,
    [setup.venueId, CHANGES],
  );
  started = performance.now();
  const inc = await edge.syncNow();
  const incMs = performance.now() - started;
  results['incremental pull, 1,000 changes'] =
    `${incMs.toFixed(0)} ms (${inc.tickets} changes; target ≤ 300 ms)`;
  say(`incremental pull: ${results['incremental pull, 1,000 changes']}`);
  await edge.close();

  const watcher = await startEdge({ config: edgeConfig(setup.node.token), logger: silent });
  await watcher.syncNow();
  const wakeSamples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const id = `bench-${String(CHANGES + 10 + i).padStart(7, '0')}`;
    const t0 = performance.now();
    await db.query(
      `update tickets set status = 'REFUNDED', version = version + 1, change_xid = pg_current_xact_id() where id = $1`,
      [id],
    );
    notifyManifestChanged(cloud.deps, setup.venueId);
    while (watcher.store.ticket(id)?.status !== 'REFUNDED') await new Promise((r) => setTimeout(r, 1));
    wakeSamples.push(performance.now() - t0);
  }
  results['refund → edge manifest (wake-up)'] = stats(wakeSamples, 'target ≤ 2 s');
  say(`refund reaches the edge: ${results['refund → edge manifest (wake-up)']}`);
  await watcher.close();

  // 3. Peer propagation
  const nodeB = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Bench B' });
  const [portA, portB] = [await freePort(), await freePort()];
  const peerCfg = (token: string, port: number, peer: number) =>
    edgeConfig(token, {
      port,
      peers: [`http://127.0.0.1:${peer}`],
      peerSecret: 'bench-venue-secret-0123456789',
      peerPullIntervalMs: 600_000,
      lanes: [
        { id: 'in', direction: 'entry' },
        { id: 'out', direction: 'exit' },
      ],
    });
  const a = await startEdge({ config: peerCfg(setup.node.token, portA, portB), logger: silent });
  const b = await startEdge({ config: peerCfg(nodeB.token, portB, portA), logger: silent });
  await Promise.all([a.syncNow(), b.syncNow()]);
  const { tickets: sold } = await buyTickets(api, setup, 1);
  const samples = await peerPropagation(a, b, sold[0]!.code);
  results['peer admission propagation'] = stats(samples, 'target p99 ≤ 50 ms');
  say(`\n  peer propagation: ${results['peer admission propagation']}`);
  await a.close();
  await b.close();

  // 4. Upload throughput
  const up = await startEdge({
    config: edgeConfig(nodeB.token, { uploadIntervalMs: 600_000 }),
    logger: silent,
  });
  await up.syncNow();
  const rows = [];
  for (let i = 0; i < UPLOADS; i++)
    rows.push({
      ticketId: `bench-${String(i % TICKETS).padStart(7, '0')}`,
      eventId: setup.eventId,
      laneId: 'in',
      direction: 'entry' as const,
      decision: i % 7 === 0 ? ('reject' as const) : ('admit' as const),
      reason: i % 7 === 0 ? ('already_inside' as const) : ('ok' as const),
      hlc: encodeHlc({ ms: Date.now(), counter: i % 10000, node: 'bench' }),
      at: new Date().toISOString(),
    });
  for (let i = 0; i < rows.length; i += 5000) up.store.appendJournal(rows.slice(i, i + 5000));
  const target = up.store.lastJournalSeq();
  started = performance.now();
  const timer = setInterval(
    () => progress(`uploaded ${up.store.ackedSeq().toLocaleString()} / ${target.toLocaleString()}`),
    250,
  );
  // A kept-alive connection the server closed while the journal was being filled can
  // fail the first request (ECONNRESET); the edge's own loop would retry it, so do we.
  while (up.store.ackedSeq() < target)
    await up.uploadNow().catch((err) => say(`\n  retrying: ${err.message}`));
  clearInterval(timer);
  const upMs = performance.now() - started;
  results['upload throughput'] =
    `${Math.round((target / upMs) * 1000).toLocaleString()} scans/s (${target.toLocaleString()} scans in ${(upMs / 1000).toFixed(2)} s; target ≥ 5,000/s)`;
  say(`\n  upload: ${results['upload throughput']}`);
  await up.close();

  await db.end();
  await cloud.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  Object.assign(results, await venue(adminUrl));
  stopPg?.();
  say('\nresults');
  for (const [k, v] of Object.entries(results)) say(`  ${k.padEnd(36)} ${v}`);
}

function venue(adminUrl: string) {
  return busyVenue({
    adminUrl,
    seconds: Number(process.env.BENCH_VENUE_SECONDS ?? 30),
    ratePerEdge: Number(process.env.BENCH_VENUE_RATE ?? 550),
    refundEveryMs: Number(process.env.BENCH_VENUE_REFUND_MS ?? 1000),
    ipLimitPerMinute: process.env.BENCH_VENUE_IP_LIMIT ? Number(process.env.BENCH_VENUE_IP_LIMIT) : undefined,
    feed: process.env.BENCH_VENUE_FEED === 'http' ? 'http' : 'serial',
    say,
    progress,
  });
}

/** Admits the ticket at A, waits for B to count it, lets it out at A, waits again; times each A→B delivery. */
async function peerPropagation(a: RunningEdge, b: RunningEdge, code: string): Promise<number[]> {
  const samples: number[] = [];
  let resolveRow: (() => void) | undefined;
  b.onPeerRows(() => resolveRow?.());
  for (let i = 0; i < PEER_SAMPLES; i++) {
    const arrived = new Promise<void>((r) => {
      resolveRow = r;
    });
    const t0 = performance.now();
    const lane = i % 2 === 0 ? 'in' : 'out';
    await a.scan(lane, code);
    await arrived;
    samples.push(performance.now() - t0);
    if (i % 20 === 0) progress(`peer samples ${i}/${PEER_SAMPLES}`);
  }
  return samples;
}

function stats(samples: number[], note: string): string {
  const s = [...samples].sort((x, y) => x - y);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
  return `p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${s.at(-1)!.toFixed(1)} ms (n=${s.length}; ${note})`;
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
