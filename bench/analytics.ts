/**
 * Analytics read latency on a real Postgres server seeded like a busy promoter's year:
 * 200 events (20 venues, one organization), 500,000 confirmed orders, 1,000,000 tickets,
 * 25,000 refunds and 5,000,000 scans, all written with generate_series (not the API),
 * then the rollups filled the way the migration backfills them.
 *
 *   npx tsx bench/analytics.ts [--samples 200] [--scale 1]
 *
 * Then, through the HTTP API, one request at a time: the organization dashboard, the
 * organization's sales over 30 days by day (and one event's), and one event's door stats
 * (a random event each time, 25,000 scans each). Prints p50/p95/p99 and the load average.
 * Target: p95 ≤ 100 ms each. `--scale 0.1` seeds a tenth, for a quick look.
 *
 * Last, the CSV export of one more event with 1,000,000 attendees (× scale), read as a
 * stream and thrown away: seconds, rows per second and the growth of the cloud's RSS. The
 * cloud runs as a process of its own (`node bin/tixmo.js cloud`, the built code: run
 * `npm run build` first), so its VmRSS is read from /proc apart from this client's.
 * Target: ≤ 15 s, RSS growth ≤ 64 MB.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CloudApi } from '../src/demo/api-client.ts';
import { freePort } from '../test/helpers/ports.ts';
import { startPostgresServer } from '../test/helpers/postgres-server.ts';
import { untilHealthy } from './cloud-process.ts';

const { values } = parseArgs({
  options: { samples: { type: 'string', default: '200' }, scale: { type: 'string', default: '1' } },
});
const SAMPLES = Number(values.samples);
const SCALE = Number(values.scale);
const EVENTS = 200;
const ORDERS = Math.round(500_000 * SCALE);
const TICKETS = ORDERS * 2;
const SCANS_PER_TICKET = 5;
const EXPORT_ATTENDEES = Math.round(1_000_000 * SCALE);
const say = (line: string) => process.stdout.write(`${line}\n`);
const load = () => loadavg()[0]!.toFixed(1);

async function main() {
  const server = await startPostgresServer();
  if ('missing' in server) throw new Error(server.missing);
  // A failed seed must not leave a Postgres server behind.
  try {
    await run(server.url);
  } finally {
    server.stop();
  }
}

async function run(serverUrl: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query('create database analytics');
  await admin.end();
  const databaseUrl = serverUrl.replace(/\/postgres$/, '/analytics');
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-analytics-'));
  const cloud = await spawnCloud(databaseUrl, dataDir);
  const api = new CloudApi(cloud.url);
  const session = await api.post('/auth/register', {
    email: 'bench@analytics.test',
    password: 'correct horse battery',
    name: 'Bench',
  });
  const promoter = api.as(session.accessToken);
  const org = await promoter.post('/organizations', { name: 'Bench Promotions' });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await seed(db, org.id, session.user.id);

  const eventIds = (
    await db.query<{ id: string }>(`select id from events where id <> 'ev-big' order by id`)
  ).rows.map((r) => r.id);
  const pick = () => eventIds[Math.floor(Math.random() * eventIds.length)]!;
  const to = new Date().toISOString();
  const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&interval=day`;
  const results: [string, string][] = [];
  const measure = async (name: string, path: () => string) => {
    for (let i = 0; i < 10; i++) await promoter.get(path()); // warm: plans cached, pages in memory
    const samples: number[] = [];
    const loads: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t0 = performance.now();
      await promoter.get(path());
      samples.push(performance.now() - t0);
      if (i % 20 === 0) loads.push(loadavg()[0]!);
    }
    const line = `${stats(samples)}; load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
    results.push([name, line]);
    say(`  ${name.padEnd(34)} ${line}`);
  };
  say(`measuring (${SAMPLES} requests each, one at a time)…`);
  await measure('dashboard', () => `/organizations/${org.id}/analytics/dashboard`);
  await measure('org sales, 30 days by day', () => `/organizations/${org.id}/analytics/sales?${range}`);
  await measure('event sales, 30 days by day', () => `/events/${pick()}/analytics/sales?${range}`);
  await measure('event door stats', () => `/events/${pick()}/analytics/door`);
  await measure('event door stats, 5 minutes', () => `/events/${pick()}/analytics/door?interval=5`);

  results.push(['CSV export, attendees', await measureExport(cloud, session.accessToken)]);
  say(`  ${'CSV export, attendees'.padEnd(34)} ${results.at(-1)![1]}`);

  await db.end();
  await cloud.close();
  rmSync(dataDir, { recursive: true, force: true });
  say('\nresults (target p95 ≤ 100 ms; export ≤ 15 s and RSS growth ≤ 64 MB)');
  for (const [k, v] of results) say(`  ${k.padEnd(34)} ${v}`);
}

/** The cloud as a process of its own, on the built code, so its memory is its own. */
async function spawnCloud(databaseUrl: string, dataDir: string) {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      'bin/tixmo.js',
      'cloud',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--database-url',
      databaseUrl,
      '--log-level',
      'warn',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        TIXMO_RATE_LIMIT_PER_MINUTE: '1000000000',
        TIXMO_USER_RATE_LIMIT_PER_MINUTE: '1000000000',
      },
    },
  );
  // A bench that fails half-way must not leave a cloud behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  };
  await untilHealthy(url, child, close);
  return { url, pid: child.pid!, close };
}

/** The process's resident set, from /proc (kB there). */
function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) * 1024;
}

/** The big event's attendee CSV read as a stream, counted and dropped; the cloud's RSS sampled every 20 ms. */
async function measureExport(cloud: { url: string; pid: number }, token: string): Promise<string> {
  const url = cloud.url;
  const before = rssOf(cloud.pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(cloud.pid));
  }, 20);
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/events/ev-big/exports/attendees.csv`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`export: HTTP ${res.status} ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const rows = lines - 1;
  if (rows !== EXPORT_ATTENDEES) throw new Error(`export: ${rows} rows, expected ${EXPORT_ATTENDEES}`);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  return `${rows.toLocaleString()} rows, ${mb(bytes)} MB in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString()} rows/s); cloud RSS ${mb(before)} → peak ${mb(peak)} MB (growth ${mb(peak - before)} MB); load ${load()}`;
}

async function step(db: pg.Client, what: string, text: string, params: unknown[] = []) {
  const t0 = performance.now();
  const res = await db.query(text, params);
  say(
    `  ${what}: ${res.rowCount?.toLocaleString() ?? '-'} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${load()})`,
  );
}

/**
 * Event e (0–199) starts at now − 90 days + e × 0.9 days; its orders were confirmed over
 * the 60 days before (never after now), two tickets each; every ticket was scanned five
 * times at its doors: an entry, a refused second entry, an exit, a re-entry, an exit.
 */
async function seed(db: pg.Client, orgId: string, userId: string) {
  say(
    `seeding ${EVENTS} events, ${ORDERS.toLocaleString()} orders, ${TICKETS.toLocaleString()} tickets, ${(TICKETS * SCANS_PER_TICKET).toLocaleString()} scans (load ${load()})…`,
  );
  const perEvent = ORDERS / EVENTS;
  // The rollups are filled at the end in one pass each, as the migration backfills them.
  await db.query(`set session_replication_role = replica`);
  await step(
    db,
    'venues',
    `insert into venues (id, org_id, name, capacity, timezone)
    select 've-' || lpad(v::text, 2, '0'), $1, 'Venue ' || v, 12000, 'Europe/Berlin' from generate_series(0, 19) v`,
    [orgId],
  );
  await step(
    db,
    'edge nodes',
    `insert into edge_nodes (id, venue_id, name, token_hash)
    select 'nd-' || lpad(v::text, 2, '0') || '-' || n, 've-' || lpad(v::text, 2, '0'), 'Gate ' || n, 'x'
    from generate_series(0, 19) v, generate_series(0, 1) n`,
  );
  await step(
    db,
    'events',
    `insert into events (id, org_id, venue_id, name, status, starts_at, ends_at, published_at)
    select 'ev-' || lpad(e::text, 3, '0'), $1, 've-' || lpad((e / 10)::text, 2, '0'), 'Event ' || e, 'PUBLISHED',
      now() - interval '90 days' + e * interval '0.9 days', now() - interval '90 days' + e * interval '0.9 days' + interval '5 hours', now()
    from generate_series(0, ${EVENTS - 1}) e`,
    [orgId],
  );
  await step(
    db,
    'tiers',
    `insert into tiers (id, event_id, name, price_cents, currency, quantity)
    select 'tr-' || lpad(e::text, 3, '0') || '-' || k, 'ev-' || lpad(e::text, 3, '0'), (array['GA','VIP','Early'])[k + 1],
      (array[2500, 6000, 1500])[k + 1], 'EUR', 4000
    from generate_series(0, ${EVENTS - 1}) e, generate_series(0, 2) k`,
  );
  await step(
    db,
    'promo codes',
    `insert into promo_codes (id, event_id, code, kind, amount)
    select 'pc-' || lpad(e::text, 3, '0'), 'ev-' || lpad(e::text, 3, '0'), 'TENOFF', 'PERCENT', 10 from generate_series(0, ${EVENTS - 1}) e`,
  );
  await step(
    db,
    'buyers',
    `insert into users (id, email, name, password_hash)
    select 'bu-' || u, 'buyer' || u || '@bench.test', 'Buyer ' || u, 'x' from generate_series(0, 99999) u`,
  );
  await step(
    db,
    'orders',
    `insert into orders (id, user_id, event_id, status, subtotal_cents, discount_cents, total_cents,
      currency, confirmed_at, created_at, promo_code_id)
    select 'or-' || lpad(o::text, 7, '0'), case when o % 7 = 0 then $1 else 'bu-' || (o % 100000) end, x.ev, 'CONFIRMED',
      x.sub, x.disc, x.sub - x.disc, 'EUR', x.at, x.at, case when x.disc > 0 then 'pc-' || lpad(x.e::text, 3, '0') end
    from generate_series(0, ${ORDERS - 1}) o,
      lateral (select o / ${perEvent} as e, 'ev-' || lpad((o / ${perEvent})::text, 3, '0') as ev,
        2 * (array[2500, 6000, 1500])[o % 3 + 1] as sub,
        case when o % 10 = 0 then 2 * (array[2500, 6000, 1500])[o % 3 + 1] / 10 else 0 end as disc,
        least(now() - interval '1 minute', now() - interval '150 days' + (o / ${perEvent}) * interval '0.9 days'
          + (o % ${perEvent}) * (interval '60 days' / ${perEvent})) as at) x`,
    [userId],
  );
  await step(
    db,
    'order items',
    `insert into order_items (id, order_id, tier_id, quantity, unit_price_cents)
    select 'oi-' || lpad(o::text, 7, '0'), 'or-' || lpad(o::text, 7, '0'),
      'tr-' || lpad((o / ${perEvent})::text, 3, '0') || '-' || (o % 3), 2, (array[2500, 6000, 1500])[o % 3 + 1]
    from generate_series(0, ${ORDERS - 1}) o`,
  );
  await step(
    db,
    'tickets',
    `insert into tickets (id, order_id, event_id, venue_id, tier_id, holder_id, code, status)
    select 'tk-' || lpad(t::text, 7, '0'), 'or-' || lpad((t / 2)::text, 7, '0'), 'ev-' || lpad((t / 2 / ${perEvent})::text, 3, '0'),
      've-' || lpad((t / 2 / ${perEvent} / 10)::text, 2, '0'), 'tr-' || lpad((t / 2 / ${perEvent})::text, 3, '0') || '-' || ((t / 2) % 3),
      'bu-' || ((t / 2) % 100000), 'x', case when (t / 2) % 20 = 0 then 'REFUNDED' else 'VALID' end::ticket_status
    from generate_series(0, ${TICKETS - 1}) t`,
  );
  await step(
    db,
    'big event',
    `insert into venues (id, org_id, name, capacity, timezone)
    values ('ve-big', $1, 'Stadium', ${EXPORT_ATTENDEES}, 'Europe/Berlin')`,
    [orgId],
  );
  await db.query(
    `insert into events (id, org_id, venue_id, name, status, starts_at, ends_at, published_at)
    values ('ev-big', $1, 've-big', 'Stadium night', 'PUBLISHED', now() + interval '30 days', now() + interval '30 days 5 hours', now())`,
    [orgId],
  );
  await db.query(`insert into tiers (id, event_id, name, price_cents, currency, quantity)
    values ('tr-big', 'ev-big', 'GA', 5000, 'EUR', ${EXPORT_ATTENDEES})`);
  await db.query(
    `insert into orders (id, user_id, event_id, status, subtotal_cents, total_cents, currency, confirmed_at)
    values ('or-9999999', $1, 'ev-big', 'CONFIRMED', 0, 0, 'EUR', now())`,
    [userId],
  );
  await step(
    db,
    'big event tickets',
    `insert into tickets (id, order_id, event_id, venue_id, tier_id, holder_id, code, attendee_name)
    select 'tb-' || lpad(t::text, 7, '0'), 'or-9999999', 'ev-big', 've-big', 'tr-big', 'bu-' || (t % 100000), 'x', 'Guest ' || t
    from generate_series(0, ${EXPORT_ATTENDEES - 1}) t`,
  );
  await step(
    db,
    'refunds',
    `insert into refunds (id, order_id, amount_cents, ticket_ids, provider, status, created_at)
    select 'rf-' || o.id, o.id, o.total_cents, '[]', 'box_office', 'succeeded', least(now(), o.confirmed_at + interval '1 day')
    from orders o where substr(o.id, 4)::int % 20 = 0`,
  );
  await step(
    db,
    'refunded orders',
    `update orders set refunded_cents = total_cents where substr(id, 4)::int % 20 = 0`,
  );
  await step(
    db,
    'tier counters',
    `update tiers t set sold = x.n, reserved = x.n
    from (select tier_id, count(*) filter (where status = 'VALID') as n from tickets group by tier_id) x where x.tier_id = t.id`,
  );
  // k: 0 entry, 1 refused entry, 2 exit, 3 re-entry, 4 exit; doors open an hour before the start.
  await step(
    db,
    'scans',
    `insert into scans (node_id, seq, ticket_id, event_id, lane_id, direction, decision, reason, hlc, at, kind)
    select x.node, g, 'tk-' || lpad(x.t::text, 7, '0'), 'ev-' || lpad(x.e::text, 3, '0'), 'lane-' || (x.t % 4),
      case when x.k in (2, 4) then 'exit' else 'entry' end, case when x.k = 1 then 'reject' else 'admit' end,
      case when x.k = 1 then 'already_inside' else 'ok' end,
      lpad((extract(epoch from x.at) * 1000)::bigint::text, 13, '0') || '-' || lpad((g % 100000)::text, 5, '0') || '-' || x.node,
      x.at, null
    from generate_series(0, ${TICKETS * SCANS_PER_TICKET - 1}) g,
      lateral (select g / 5 as t, g % 5 as k, g / 5 / 2 / ${perEvent} as e,
        'nd-' || lpad((g / 5 / 2 / ${perEvent} / 10)::text, 2, '0') || '-' || ((g / 5) % 2) as node,
        now() - interval '90 days' + (g / 5 / 2 / ${perEvent}) * interval '0.9 days' - interval '1 hour'
          + ((g / 5) % ${2 * perEvent}) * (interval '1 hour' / ${2 * perEvent})
          + (array[0, 30, 7200, 9000, 16000])[g % 5 + 1] * interval '1 second' as at) x`,
  );
  await step(
    db,
    'rollup: sales',
    `insert into sales_slots (org_id, slot, currency, shard, orders, tickets, gross_cents, discount_cents, refunds, refunded_cents)
    select org_id, slot, currency, 0, sum(orders), sum(tickets), sum(gross), sum(discount), sum(refunds), sum(refunded) from (
      select e.org_id, date_bin('15 minutes', o.confirmed_at, timestamptz '2000-01-01 00:00:00+00') as slot, o.currency,
        1 as orders, 2 as tickets, o.subtotal_cents::bigint as gross, o.discount_cents::bigint as discount, 0 as refunds, 0::bigint as refunded
      from orders o join events e on e.id = o.event_id
      union all
      select e.org_id, date_bin('15 minutes', r.created_at, timestamptz '2000-01-01 00:00:00+00'), o.currency, 0, 0, 0, 0, 1, r.amount_cents::bigint
      from refunds r join orders o on o.id = r.order_id join events e on e.id = o.event_id) sold
    group by org_id, slot, currency`,
  );
  await step(
    db,
    'rollup: door',
    `insert into scan_slots (event_id, slot, node_id, lane_id, direction, decision, reason, kind, count, last_at)
    select event_id, date_bin('5 minutes', at, timestamptz '2000-01-01 00:00:00+00'), node_id, lane_id, direction, decision, reason,
      coalesce(kind, 'scan'), count(*), max(at)
    from scans group by 1, 2, 3, 4, 5, 6, 7, 8`,
  );
  await step(
    db,
    'check-ins',
    `insert into ticket_checkins (ticket_id, event_id, tier_id, checked_in_at, last_scan_at, inside)
    select t.id, t.event_id, t.tier_id, x.first_in, x.last_at, x.last_dir = 'entry'
    from (select ticket_id, min(at) filter (where direction = 'entry') as first_in, max(at) as last_at,
        (array_agg(direction order by hlc desc))[1] as last_dir
      from scans where decision = 'admit' group by ticket_id) x join tickets t on t.id = x.ticket_id`,
  );
  await db.query(`set session_replication_role = origin`);
  await step(db, 'vacuum analyze', 'vacuum analyze');
}

function stats(samples: number[]): string {
  const s = [...samples].sort((x, y) => x - y);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
  return `p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms (n=${s.length})`;
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
