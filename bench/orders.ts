/**
 * Order throughput against a real Postgres server, through the HTTP API.
 *
 *   npx tsx bench/orders.ts [--buyers 64] [--rounds 5] [--seconds 10] [--warmup 3]
 *                           [--tickets 5000] [--pool 20] [--paid] [--profile]
 *
 * Starts a throwaway Postgres cluster (as the tests do) and the cloud as a child process
 * (`tixmo cloud`), so the load generator does not share the server's event loop. After
 * a `--warmup` of the same orders on a tier of its own, it runs `--rounds` on-sales: in
 * each, `--buyers` concurrent buyers place one-ticket orders back to back on a fresh
 * tier of `--tickets` until it sells out (or `--seconds` pass), then keep asking for a
 * second, so every round ends in a sell-out race and a flood of sold-out answers.
 * Free-tier orders confirm (and issue a signed ticket) inside the request; with `--paid`
 * they are 15-minute holds instead.
 *
 * Per round it prints confirmed orders/s while tickets lasted, p50/p99 latency of the
 * successful orders, the oversold count read back from the database, and the CPU each
 * party spent per order (cloud, Postgres, this load generator, read from /proc); then
 * the median round. This machine's speed drifts a lot from one minute to the next (the
 * same code's CPU per order varies twofold between runs), so one round proves little.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CloudApi } from '../src/demo/api-client.ts';
import { freePort } from '../test/helpers/ports.ts';
import { startPostgresServer } from '../test/helpers/postgres-server.ts';
import { untilHealthy } from './cloud-process.ts';
import { cpuSnapshot, pidsNamed } from './cpu.ts';

const { values } = parseArgs({
  options: {
    buyers: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    pool: { type: 'string', default: '20' },
    tickets: { type: 'string', default: '5000' },
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
  if (cloud.exitCode === null && cloud.signalCode === null) {
    const exited = new Promise((r) => cloud.once('exit', r));
    cloud.kill('SIGINT');
    await exited;
  }
  server.stop();
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  cleanup().then(() => process.exit(130));
});

const base = `http://127.0.0.1:${port}`;
await untilHealthy(base, cloud, cleanup, 30);

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

/*
 * The buyers speak HTTP/1.1 over kept-alive connections through node's http module:
 * on this machine the load generator shares two cores with the cloud and Postgres, and
 * undici's fetch spent ~1.2 ms of CPU per request here, more than the cloud's whole
 * order; a real on-sale's load comes from elsewhere.
 */
const agent = new Agent({ keepAlive: true, maxSockets: buyers });
function post(path: string, token: string, payload: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

// Warm-up, not measured: `--warmup` seconds of the same orders on a tier of its own, so
// every buyer's connection is open, the cloud's code is compiled hot (V8 keeps
// optimising for the first few thousand requests) and its Postgres pool is full.
const warmUpSeconds = Number(values.warmup);
const warmUpTier = await promoter.post(`/events/${event.id}/tiers`, {
  name: 'Warm-up',
  priceCents: 0,
  quantity: 1_000_000,
  maxPerOrder: 1,
});
const warmUpBody = JSON.stringify({ items: [{ tierId: warmUpTier.id, quantity: 1 }] });
process.stdout.write(`  warming up for ${warmUpSeconds}s on a tier of its own\n`);
const warmUpUntil = performance.now() + warmUpSeconds * 1000;
let warmUpOrders = 0;
await Promise.all(
  tokens.map(async (token) => {
    do {
      const status = await post('/api/v1/orders', token, warmUpBody);
      if (status !== 201) throw new Error(`warm-up order answered ${status}`);
      warmUpOrders++;
    } while (performance.now() < warmUpUntil);
  }),
);
process.stdout.write(`  warm-up done: ${warmUpOrders} orders\n`);

const quantity = Number(values.tickets);
const cpuGroups = {
  cloud: () => [cloud.pid!],
  postgres: () => pidsNamed('postgres'),
  'load generator': () => [process.pid],
};

interface Round {
  orders: number;
  rate: number;
  p50: number;
  p99: number;
  soldOut: number;
  errors: number;
  oversold: number;
  cpu: Record<string, number>;
  busy: number;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function round(n: number): Promise<Round> {
  // Fewer tickets than the buyers will ask for, so the round ends in a sell-out race.
  const tier = await promoter.post(`/events/${event.id}/tiers`, {
    name: `GA ${n}`,
    priceCents: values.paid ? 2500 : 0,
    quantity,
  });
  const body = JSON.stringify({ items: [{ tierId: tier.id, quantity: 1 }] });
  const latencies: number[] = [];
  let soldOut = 0;
  let errors = 0;
  let lastSuccessAt = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const stopAt = () => (latencies.length >= quantity ? Math.min(deadline, lastSuccessAt + 1000) : deadline);

  async function buyer(token: string) {
    while (performance.now() < stopAt()) {
      const t0 = performance.now();
      const status = await post('/api/v1/orders', token, body);
      if (status === 201) {
        latencies.push(performance.now() - t0);
        lastSuccessAt = performance.now();
      } else if (status === 409) soldOut++;
      else errors++;
    }
  }

  // CPU per order is taken over the selling window: from the start to the last sample
  // taken while tickets were still being sold.
  const cpuAtStart = cpuSnapshot(cpuGroups);
  let whileSelling = { at: started, orders: 0, cpu: cpuAtStart };
  const sampler = setInterval(() => {
    if (latencies.length < quantity)
      whileSelling = { at: performance.now(), orders: latencies.length, cpu: cpuSnapshot(cpuGroups) };
  }, 250);
  let last = 0;
  const progress = setInterval(() => {
    const s = (performance.now() - started) / 1000;
    const second = latencies.slice(last).sort((a, b) => a - b);
    const p99 = second.length ? `, p99 ${pct(second, 99).toFixed(0)} ms` : '';
    process.stdout.write(
      `    round ${n} ${s.toFixed(0).padStart(2)}s  orders ${latencies.length} (+${latencies.length - last}/s${p99})  sold-out answers ${soldOut}  errors ${errors}\n`,
    );
    last = latencies.length;
  }, 1000);
  await Promise.all(tokens.map(buyer));
  clearInterval(progress);
  clearInterval(sampler);

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
    latencies.length - row.quantity,
  );
  const cpu: Record<string, number> = {};
  let total = 0;
  for (const name of Object.keys(cpuGroups)) {
    const used = whileSelling.cpu[name]! - cpuAtStart[name]!;
    total += used;
    cpu[name] = whileSelling.orders ? (used / whileSelling.orders) * 1000 : Number.NaN;
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const result: Round = {
    orders: latencies.length,
    // Throughput over the time inventory lasted: once it is gone every answer is a fast 409.
    rate: latencies.length / ((lastSuccessAt - started) / 1000),
    p50: pct(sorted, 50),
    p99: pct(sorted, 99),
    soldOut,
    errors,
    oversold,
    cpu,
    busy: (total / ((whileSelling.at - started) / 1000) / availableParallelism()) * 100,
  };
  console.log(`  round ${n}: ${line(result)}`);
  return result;
}

function line(r: Round): string {
  const cpu = Object.entries(r.cpu)
    .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
    .join(', ');
  return (
    `${r.rate.toFixed(0)} orders/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ` +
    `${r.orders} ${values.paid ? 'held' : 'confirmed'}, ${r.soldOut} sold-out answers, ${r.errors} errors, ` +
    `oversold ${r.oversold}; CPU ms/order: ${cpu} (${r.busy.toFixed(0)}% of ${availableParallelism()} cores busy)`
  );
}

const results: Round[] = [];
for (let n = 1; n <= Number(values.rounds); n++) results.push(await round(n));
const median = (pick: (r: Round) => number) => {
  const v = results.map(pick).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)]!;
};
const oversold = results.reduce((s, r) => s + r.oversold, 0);
const errors = results.reduce((s, r) => s + r.errors, 0);
console.log(`
orders bench: ${buyers} concurrent buyers, ${results.length} rounds of ${quantity} tickets, pool ${values.pool}, ${values.paid ? 'paid (PENDING holds)' : 'free (CONFIRMED with a signed ticket)'}
  orders/s     median ${median((r) => r.rate).toFixed(0)}  (rounds: ${results.map((r) => r.rate.toFixed(0)).join(', ')})
  latency p50  median ${median((r) => r.p50).toFixed(1)} ms
  latency p99  median ${median((r) => r.p99).toFixed(1)} ms  (rounds: ${results.map((r) => r.p99.toFixed(0)).join(', ')})
  oversold     ${oversold} in all rounds; other errors ${errors}
  CPU ms/order median: ${Object.keys(cpuGroups)
    .map((name) => `${name} ${median((r) => r.cpu[name]!).toFixed(2)}`)
    .join(', ')}
`);
await cleanup();
process.exit(oversold === 0 && errors === 0 ? 0 : 1);
