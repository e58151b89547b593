/**
 * The busy venue (issue #10.2): three edges behind one IP, each deciding ≥ 500 scans/s,
 * while the box office refunds tickets. Measures how long a refund takes to be known at
 * every gate, and whether the upload backlog drains while scanning goes on.
 *
 * Everything is a separate process, as at a venue: the cloud (`tixmo cloud`, default
 * rate limits) and three `tixmo edge` processes, each with an entry and an exit lane
 * and a network handheld. The edges reach the cloud from 127.0.0.1 — one IP, like a
 * venue behind NAT — and the box office from 127.0.0.2, another IP, as it would be.
 *
 * This process is the box office and the scanners. `feed: 'serial'` (the default): each
 * lane's turnstile scanner is a socat pseudo-terminal in host-acknowledge mode (a read,
 * then the edge's good/bad byte after the decision is on disk), as wired at a gate.
 * `feed: 'http'`: the network handheld API instead (node:http, kept-alive), which costs
 * the edge an HTTP request per scan; on a two-core machine running the cloud, Postgres
 * and three edges, that request, not the sync traffic, is what limits each edge.
 *
 * A refund is timed from the refund call's answer (it is committed then) until every
 * gate's manifest shows the ticket REFUNDED (each gate asked every 20 ms through its
 * staff API; a scan of the code is then rejected `revoked`).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../test/helpers/ports.ts';
import { openPtyPair, type PtyPair } from '../test/helpers/pty.ts';
import { jsonClient, load, ok, pct, sleep, startProcess, stopProcess } from './venue-support.ts';

export interface VenueOptions {
  /** Postgres server URL (the maintenance database); a database is created on it. */
  adminUrl: string;
  seconds: number;
  /** Scans per second each edge is fed. */
  ratePerEdge: number;
  refundEveryMs: number;
  /** The cloud's per-IP limit; unset = its default (1,200 a minute). */
  ipLimitPerMinute?: number;
  /** How scans reach the edges: turnstile scanners on serial lines, or the handheld HTTP API. */
  feed: 'serial' | 'http';
  say: (line: string) => void;
  progress: (line: string) => void;
}

const EDGES = 3;
/**
 * Each edge's own tickets, taken in turn (in, then out, then in…): at 550 scans/s for 30 s a
 * ticket passes about five times, as at a night with re-entry. (With a few hundred, each
 * ticket would collect a hundred passages, which no ticket does.)
 */
const TICKETS_PER_EDGE = 3000;
/**
 * Reads waiting for their answer per edge at most (BENCH_VENUE_IN_FLIGHT). A scanner reads
 * about one code a second and waits for the answer before the next, so 500 scans/s at one
 * gate computer is hundreds of scanners: 64 understates the concurrency the target implies.
 * With 16, each edge decides ~330/s here: a read's round trip (pty, edge, commit, answer)
 * takes ~48 ms when two cores run the cloud, Postgres, three edges and six socat relays.
 */
const IN_FLIGHT = Number(process.env.BENCH_VENUE_IN_FLIGHT ?? 64);
/** The serial scanners' acknowledgements (feedback mode "bytes"): ACK for a good read, NAK for a bad one. */
const GOOD = 0x06;
const BAD = 0x15;
const HANDHELD_KEY = 'bench-handheld-key-0123456789';
const STAFF_TOKEN = 'bench-staff-token-0123456789';

export async function busyVenue(o: VenueOptions): Promise<Record<string, string>> {
  const dirs: string[] = [];
  const tmp = (p: string, base = tmpdir()) => {
    const d = mkdtempSync(join(base, p));
    dirs.push(d);
    return d;
  };
  const children: ChildProcess[] = [];
  const ptys: PtyPair[] = [];
  const admin = new pg.Client({ connectionString: o.adminUrl });
  await admin.connect();
  const dbName = `tixmo_venue_${Date.now()}`;
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const dbUrl = new URL(o.adminUrl);
  dbUrl.pathname = `/${dbName}`;

  try {
    const cloudPort = await freePort();
    children.push(
      await startProcess(
        [
          'cloud',
          '--port',
          String(cloudPort),
          '--data-dir',
          tmp('venue-cloud-'),
          '--database-url',
          dbUrl.toString(),
          '--log-level',
          'error',
        ],
        /listening on/,
        // Only a scaled-down run sets it: the public per-IP limit shrunk with the scan rate.
        o.ipLimitPerMinute ? { TIXMO_RATE_LIMIT_PER_MINUTE: String(o.ipLimitPerMinute) } : {},
      ),
    );
    const cloudUrl = `http://127.0.0.1:${cloudPort}`;
    const office = jsonClient(cloudUrl, { localAddress: '127.0.0.2' });

    // The venue, three gates, an event on now, tickets to scan and single-ticket orders to refund.
    o.say('busy venue: setting up (cloud process, 3 edge processes)…');
    const register = (name: string) =>
      ok(
        office.call('POST', '/api/v1/auth/register', {
          email: `${name}-${Date.now()}@bench.tixmo`,
          password: 'bench password',
          name,
        }),
        'register',
      );
    const promoter = await register('promoter');
    const as = promoter.accessToken as string;
    const org = await ok(office.call('POST', '/api/v1/organizations', { name: 'Venue bench' }, as), 'org');
    const venue = await ok(
      office.call('POST', `/api/v1/organizations/${org.id}/venues`, { name: 'Arena', capacity: 100_000 }, as),
      'venue',
    );
    const nodes: { id: string; token: string }[] = [];
    for (let i = 0; i < EDGES; i++)
      nodes.push(
        await ok(
          office.call('POST', `/api/v1/venues/${venue.id}/edge-nodes`, { name: `Gate ${i + 1}` }, as),
          'node',
        ),
      );
    const startsAt = Date.now() - 3600_000;
    const event = await ok(
      office.call(
        'POST',
        '/api/v1/events',
        {
          venueId: venue.id,
          name: 'Busy night',
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(startsAt + 6 * 3600_000).toISOString(),
        },
        as,
      ),
      'event',
    );
    const tier = await ok(
      office.call(
        'POST',
        `/api/v1/events/${event.id}/tiers`,
        { name: 'GA', priceCents: 2500, quantity: 10_000, maxPerOrder: 100 },
        as,
      ),
      'tier',
    );
    await ok(office.call('POST', `/api/v1/events/${event.id}/publish`, undefined, as), 'publish');
    const buyer = (await register('buyer')).accessToken as string;
    const order = async (quantity: number) => {
      const placed = await ok(
        office.call('POST', '/api/v1/orders', { items: [{ tierId: tier.id, quantity }] }, buyer),
        'order',
      );
      await ok(office.call('POST', `/api/v1/orders/${placed.id}/confirm`, undefined, as), 'confirm');
      return placed.id as string;
    };
    const scanOrders = new Set<string>();
    for (let left = EDGES * TICKETS_PER_EDGE; left > 0; left -= 100)
      scanOrders.add(await order(Math.min(100, left)));
    const refundCount = Math.ceil((o.seconds * 1000) / o.refundEveryMs) + 2;
    const refundOrders: string[] = [];
    for (let i = 0; i < refundCount; i++) refundOrders.push(await order(1));
    const mine = await ok(office.call('GET', '/api/v1/me/tickets', undefined, buyer), 'my tickets');
    const all = mine.data as { id: string; orderId: string; code: string }[];
    const scanTickets = all.filter((t) => scanOrders.has(t.orderId));
    const refundTicket = new Map(all.filter((t) => !scanOrders.has(t.orderId)).map((t) => [t.orderId, t.id]));

    const edges: { url: string; client: ReturnType<typeof jsonClient>; scanners: PtyPair[] }[] = [];
    const refusedCalls = { upload: 0, pull: 0, other: 0 };
    for (let i = 0; i < EDGES; i++) {
      const port = await freePort();
      // The journals live on a tmpfs: this measures sync traffic, not the shared disk's
      // fsync queue (the cost of durability is bench/edge.ts's business).
      const file = join(tmp('venue-edge-', existsSync('/dev/shm') ? '/dev/shm' : tmpdir()), 'edge.json');
      const scanners = o.feed === 'serial' ? await Promise.all([openPtyPair(), openPtyPair()]) : [];
      ptys.push(...scanners);
      const lane = (id: string, direction: string, pty?: PtyPair) => ({
        id,
        direction,
        scanners: pty
          ? [
              {
                type: 'serial',
                path: pty.devicePath,
                baudRate: 115200,
                feedback: { mode: 'bytes', good: '06', bad: '15' },
              },
            ]
          : [],
      });
      writeFileSync(
        file,
        JSON.stringify({
          cloudUrl,
          nodeToken: nodes[i]!.token,
          dataDir: join(file, '..', 'data'),
          port,
          host: '127.0.0.1',
          // Warnings are read below: every upload or pull the cloud refused is one.
          logLevel: 'warn',
          lanes: [lane('in', 'entry', scanners[0]), lane('out', 'exit', scanners[1])],
          handhelds: [{ id: 'bench', key: HANDHELD_KEY }],
          staff: { token: STAFF_TOKEN },
        }),
      );
      const child = await startProcess(['edge', '--config', file], /listening on/);
      children.push(child);
      let partial = '';
      child.stdout!.on('data', (d) => {
        const lines = (partial + String(d)).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          if (!/too many requests|RATE_LIMITED|429/i.test(line)) continue;
          if (line.includes('scan upload failed')) refusedCalls.upload++;
          else if (line.includes('manifest pull failed')) refusedCalls.pull++;
          else refusedCalls.other++;
        }
      });
      edges.push({
        url: `http://127.0.0.1:${port}`,
        client: jsonClient(`http://127.0.0.1:${port}`, { maxSockets: Math.max(IN_FLIGHT, 16) }),
        scanners,
      });
    }
    const status = (i: number) => ok(edges[i]!.client.call('GET', '/api/v1/status'), 'edge status');
    for (let i = 0; i < EDGES; i++) while ((await status(i)).manifest.tickets < all.length) await sleep(100);

    // Load: each edge is fed `ratePerEdge` scans/s over its own tickets, each ticket in, out, in…
    o.say(
      `busy venue: ${o.feed === 'serial' ? 'serial turnstile scanners' : 'handheld HTTP API'}, per-IP limit ${o.ipLimitPerMinute ?? 'default'}, ${EDGES} edges × ${o.ratePerEdge} scans/s for ${o.seconds} s, a refund every ${o.refundEveryMs} ms (load average ${load()})`,
    );
    const loadBefore = load();
    let running = true;
    const decided = new Array(EDGES).fill(0);
    const refused = new Array(EDGES).fill(0);
    const skipped = new Array(EDGES).fill(0);
    const serialFeeders = edges.map(async (edge, i) => {
      if (o.feed !== 'serial') return;
      const tickets = scanTickets.slice(i * TICKETS_PER_EDGE, (i + 1) * TICKETS_PER_EDGE);
      const inside = new Array(tickets.length).fill(false);
      const busy = new Array(tickets.length).fill(false);
      // Per lane: the tickets read and not yet acknowledged, in order (a serial lane answers in order).
      const waiting: number[][] = edge.scanners.map(() => []);
      const seen = edge.scanners.map(() => 0);
      edge.scanners.forEach((pty, l) =>
        pty.onReceive(() => {
          const bytes = pty.received();
          for (; seen[l]! < bytes.length; seen[l]!++) {
            const b = bytes[seen[l]!];
            if (b !== GOOD && b !== BAD) continue;
            const k = waiting[l]!.shift();
            if (k === undefined) continue;
            decided[i]++;
            if (b === GOOD) inside[k] = !inside[k];
            else refused[i]++;
            busy[k] = false;
          }
        }),
      );
      let next = 0;
      let sent = 0;
      const t0 = performance.now();
      while (running) {
        const due = Math.floor(((performance.now() - t0) / 1000) * o.ratePerEdge);
        const lines = edge.scanners.map(() => [] as string[]);
        while (sent < due) {
          sent++;
          const k = next;
          next = (next + 1) % tickets.length;
          const l = inside[k] ? 1 : 0;
          if (busy[k] || waiting[0]!.length + waiting[1]!.length >= IN_FLIGHT) {
            skipped[i]++;
            continue;
          }
          busy[k] = true;
          waiting[l]!.push(k);
          lines[l]!.push(`${tickets[k]!.code}\r\n`);
        }
        // What a lane's scanner read since the last tick goes out in one write, as over USB.
        lines.forEach((batch, l) => {
          if (batch.length > 0) edge.scanners[l]!.write(batch.join(''));
        });
        await sleep(5);
      }
      const deadline = performance.now() + 10_000;
      while (waiting.some((w) => w.length > 0) && performance.now() < deadline) await sleep(20);
    });

    const feeders = edges.map(async (edge, i) => {
      if (o.feed === 'serial') return;
      const tickets = scanTickets.slice(i * TICKETS_PER_EDGE, (i + 1) * TICKETS_PER_EDGE);
      const inside = new Array(tickets.length).fill(false);
      const busy = new Array(tickets.length).fill(false);
      let next = 0;
      let sent = 0;
      const t0 = performance.now();
      const inflight = new Set<Promise<void>>();
      while (running) {
        const due = Math.floor(((performance.now() - t0) / 1000) * o.ratePerEdge);
        while (sent < due) {
          sent++;
          const k = next;
          next = (next + 1) % tickets.length;
          if (busy[k] || inflight.size >= IN_FLIGHT) {
            skipped[i]++;
            continue;
          }
          busy[k] = true;
          const p = edge.client
            .call(
              'POST',
              '/api/v1/scans',
              { laneId: inside[k] ? 'out' : 'in', code: tickets[k]!.code },
              HANDHELD_KEY,
            )
            .then((a) => {
              decided[i]++;
              if (a.status === 200 && a.body.decision === 'admit') inside[k] = !inside[k];
              else refused[i]++;
            })
            .catch(() => {
              skipped[i]++;
            })
            .finally(() => {
              busy[k] = false;
              inflight.delete(p);
            });
          inflight.add(p);
        }
        await sleep(5);
      }
      await Promise.all(inflight);
    });

    // Refunds: each one is watched at every gate until the gate's manifest says REFUNDED.
    const reached: number[] = [];
    let missed = 0;
    const apiMs: number[] = [];
    const watchers: Promise<void>[] = [];
    const refunder = (async () => {
      await sleep(3000);
      for (const orderId of refundOrders) {
        if (!running) break;
        const ticketId = refundTicket.get(orderId)!;
        const t0 = performance.now();
        watchers.push(
          (async () => {
            await ok(office.call('POST', `/api/v1/orders/${orderId}/refunds`, {}, as), 'refund');
            // Timed from the refund's answer: it is committed (and announced) by then.
            const committed = performance.now();
            apiMs.push(committed - t0);
            await Promise.all(
              edges.map(async (edge) => {
                const deadline = committed + 90_000;
                while (performance.now() < deadline) {
                  const a = await edge.client
                    .call('GET', `/api/v1/staff/tickets?ticketId=${ticketId}`, undefined, STAFF_TOKEN)
                    .catch(() => null);
                  if (a?.body?.ticket?.status === 'REFUNDED') {
                    reached.push(performance.now() - committed);
                    return;
                  }
                  await sleep(20);
                }
                missed++;
              }),
            );
          })().catch((err) => {
            o.say(`  refund failed: ${(err as Error).message}`);
            missed += EDGES;
          }),
        );
        await sleep(o.refundEveryMs);
      }
    })();

    // Once a second: scans/s per edge, upload backlog, and whether the cloud refused anything.
    const backlogMax = new Array(EDGES).fill(0);
    let backlogAtEnd: number[] = [];
    const lastDecided = new Array(EDGES).fill(0);
    const rates: number[][] = edges.map(() => []);
    const started = performance.now();
    while (performance.now() - started < o.seconds * 1000) {
      await sleep(1000);
      const states = await Promise.all(edges.map((_, i) => status(i)));
      const backlog = states.map((s) => s.upload.pending as number);
      for (let i = 0; i < EDGES; i++) {
        backlogMax[i] = Math.max(backlogMax[i], backlog[i]!);
        rates[i]!.push(decided[i] - lastDecided[i]);
        lastDecided[i] = decided[i];
      }
      backlogAtEnd = backlog;
      o.progress(
        `${Math.round((performance.now() - started) / 1000)} s  scans/s ${rates.map((r) => r.at(-1)).join('/')}  backlog ${backlog.join('/')}  refunds seen ${reached.length}/${watchers.length * EDGES}  p99 ${pct(reached, 0.99).toFixed(0)} ms`,
      );
    }
    running = false;
    const loadAfter = load();
    await Promise.all([...feeders, ...serialFeeders]);
    await refunder;
    await Promise.all(watchers);
    process.stdout.write('\n');

    // After the load: how long until every gate's backlog is uploaded.
    const drainStart = performance.now();
    let drainedMs = Number.NaN;
    while (performance.now() - drainStart < 120_000) {
      const states = await Promise.all(edges.map((_, i) => status(i)));
      if (states.every((s) => s.upload.pending === 0)) {
        drainedMs = performance.now() - drainStart;
        break;
      }
      await sleep(100);
    }

    for (const e of edges) e.client.close();
    office.close();
    const perEdge = rates.map((r) =>
      Math.round(r.slice(1).reduce((s, x) => s + x, 0) / Math.max(1, r.length - 1)),
    );
    const results: Record<string, string> = {
      'busy venue: decisions/s per edge': `${perEdge.join(' / ')} (${o.feed === 'serial' ? 'serial scanners' : 'handheld HTTP'}, fed ${o.ratePerEdge}/s; ${refused.reduce((s, x) => s + x, 0)} refused, ${skipped.reduce((s, x) => s + x, 0)} not sent: ticket busy or ${IN_FLIGHT} in flight)`,
      'busy venue: refund committed → known at every gate': `p50 ${pct(reached, 0.5).toFixed(0)} ms, p99 ${pct(reached, 0.99).toFixed(0)} ms, max ${Math.max(...reached).toFixed(0)} ms (n=${reached.length}, not within 90 s: ${missed}; refund API p50 ${pct(apiMs, 0.5).toFixed(0)} ms; target p99 ≤ 1 s)`,
      'busy venue: upload backlog': `max ${backlogMax.join(' / ')}, at the end of scanning ${backlogAtEnd.join(' / ')}, all uploaded ${Number.isNaN(drainedMs) ? 'NOT within 120 s' : `${(drainedMs / 1000).toFixed(1)} s`} after scanning stopped`,
      'busy venue: calls the cloud refused (429)': `uploads ${refusedCalls.upload}, manifest pulls ${refusedCalls.pull}, other ${refusedCalls.other} (from the edges' warnings)`,
      'busy venue: load average (1/5/15 min)': `before ${loadBefore}, after ${loadAfter}`,
    };
    for (const [k, v] of Object.entries(results)) o.say(`  ${k}: ${v}`);
    return results;
  } finally {
    for (const child of children.slice(1).reverse()) await stopProcess(child, 'SIGTERM');
    if (children[0]) await stopProcess(children[0], 'SIGINT');
    for (const pty of ptys) await pty.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
