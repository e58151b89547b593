/**
 * Order throughput against a real Postgres server, through the HTTP API.
 *
 *   npx tsx bench/orders.ts [--buyers 64] [--seconds 10] [--tickets 2000] [--pool 20] [--paid] [--profile]
 *
 * Starts a throwaway Postgres cluster (as the tests do) and the cloud as a child process
 * (`tixmo cloud`), so the load generator does not share the server's event loop. Then
 * `--buyers` concurrent buyers each place one-ticket orders back to back for `--seconds`
 * on a tier of `--tickets`, fewer than they will ask for, so the run ends in a sell-out
 * race. Free-tier orders confirm (and issue a signed ticket) inside the request; with
 * `--paid` they are 15-minute holds instead. Prints progress each second, then confirmed
 * orders/s, p50/p99 latency of successful orders and the oversold count read back from
 * the database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CloudApi } from '../src/demo/api-client.ts';
import { freePort } from '../test/helpers/ports.ts';
import { startPostgresServer } from '../test/helpers/postgres-server.ts';

const { values } = parseArgs({
  options: {
    buyers: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '10' },
    pool: { type: 'string', default: '20' },
    tickets: { type: 'string', default: '2000' },
    paid: { type: 'boolean', default: false },
    /** Writes a V8 CPU profile of the cloud process into ./bench-profiles. */
    profile: { type: 'boolean', default: false },
  },
});
const buyers = Number(values.buyers);
const seconds = Number(values.seconds);

const server = await startPostgresServer();
if ('missing' in server) {
  console.error(server.missing);
  process.exit(1);
}
const dataDir = mkdtempSync(join(tmpdir(), 'tixmo-bench-'));
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
await admin.query('create database bench');
await admin.end();
const dbUrl = server.url.replace(/\/postgres$/, '/bench');
const port = await freePort();
const cloud = spawn(
  process.execPath,
  [
    ...(values.profile ? ['--cpu-prof', '--cpu-prof-dir=bench-profiles'] : []),
    'bin/tixmo.js',
    'cloud',
    '--port',
    String(port),
    '--data-dir',
    dataDir,
    '--database-url',
    dbUrl,
    '--log-level',
    'warn',
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      TIXMO_DB_POOL_SIZE: values.pool,
      TIXMO_RATE_LIMIT_PER_MINUTE: '10000000',
      TIXMO_USER_RATE_LIMIT_PER_MINUTE: '10000000',
    },
  },
);
const cleanup = async () => {
  const exited = new Promise((r) => cloud.once('exit', r));
  cloud.kill('SIGINT');
  await exited;
  server.stop();
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  cleanup().then(() => process.exit(130));
});

const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    if (i > 300) throw new Error('the cloud did not start');
  }
  await new Promise((r) => setTimeout(r, 100));
}

const api = new CloudApi(base);
const session = await api.post('/auth/register', {
  email: 'promoter@bench.tixmo',
  password: 'bench password',
  name: 'Promoter',
});
const promoter = api.as(session.accessToken);
const org = await promoter.post('/organizations', { name: 'Bench' });
const venue = await promoter.post(`/organizations/${org.id}/venues`, { name: 'Arena', capacity: 1_000_000 });
const startsAt = new Date(Date.now() + 86_400_000);
const event = await promoter.post('/events', {
  venueId: venue.id,
  name: 'Bench night',
  startsAt: startsAt.toISOString(),
  endsAt: new Date(startsAt.getTime() + 4 * 3600_000).toISOString(),
});
// Fewer tickets than the buyers will ask for, so the run ends in a sell-out race.
const quantity = Number(values.tickets);
const tier = await promoter.post(`/events/${event.id}/tiers`, {
  name: 'GA',
  priceCents: values.paid ? 2500 : 0,
  quantity,
});
await promoter.post(`/events/${event.id}/publish`);
const tokens = await Promise.all(
  Array.from({ length: buyers }, async (_, i) => {
    const s = await api.post('/auth/register', {
      email: `buyer-${i}@bench.tixmo`,
      password: 'bench password',
      name: `Buyer ${i}`,
    });
    return s.accessToken as string;
  }),
);

const latencies: number[] = [];
let soldOut = 0;
let errors = 0;
let ticketsSold = 0;
let lastSuccessAt = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
const body = JSON.stringify({ items: [{ tierId: tier.id, quantity: 1 }] });

async function buyer(token: string) {
  while (performance.now() < deadline) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    await res.arrayBuffer();
    if (res.status === 201) {
      latencies.push(performance.now() - t0);
      ticketsSold++;
      lastSuccessAt = performance.now();
    } else if (res.status === 409) soldOut++;
    else errors++;
  }
}

let last = 0;
const progress = setInterval(() => {
  const s = (performance.now() - started) / 1000;
  process.stdout.write(
    `  ${s.toFixed(0).padStart(3)}s  orders ${latencies.length} (+${latencies.length - last}/s)  sold-out answers ${soldOut}  errors ${errors}\n`,
  );
  last = latencies.length;
}, 1000);
await Promise.all(tokens.map(buyer));
clearInterval(progress);
const elapsed = (performance.now() - started) / 1000;

const db = new pg.Client({ connectionString: dbUrl });
await db.connect();
const { rows } = await db.query(
  'select t.quantity, t.reserved, coalesce(sum(i.quantity), 0)::int as ordered from tiers t left join order_items i on i.tier_id = t.id where t.id = $1 group by t.id',
  [tier.id],
);
await db.end();
const row = rows[0] as { quantity: number; reserved: number; ordered: number };
const oversold = Math.max(
  0,
  row.ordered - row.quantity,
  row.reserved - row.quantity,
  ticketsSold - row.quantity,
);

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
// Throughput over the time inventory lasted: once it is gone every answer is a fast 409.
const sellingSeconds = (lastSuccessAt - started) / 1000;
console.log(`
orders bench: ${buyers} concurrent buyers, ${seconds}s, pool ${values.pool}, ${values.paid ? 'paid (PENDING holds)' : 'free (CONFIRMED with a signed ticket)'}
  ${values.paid ? 'held' : 'confirmed'} orders     ${latencies.length} of a ${quantity}-ticket tier
  orders/s            ${(latencies.length / sellingSeconds).toFixed(0)} (until the last ticket went, ${sellingSeconds.toFixed(1)}s of ${elapsed.toFixed(1)}s)
  latency p50         ${pct(50).toFixed(1)} ms
  latency p99         ${pct(99).toFixed(1)} ms
  sold-out answers    ${soldOut}
  other errors        ${errors}
  oversold            ${oversold}  (db: quantity ${row.quantity}, reserved ${row.reserved}, ordered ${row.ordered})
`);
await cleanup();
process.exit(oversold === 0 && errors === 0 ? 0 : 1);
