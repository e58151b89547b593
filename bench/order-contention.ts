/**
 * What queueing on one tier's row costs Postgres: the one-statement order
 * (src/cloud/orders/one-statement.ts) run straight against a real Postgres server from K
 * connections at once, all on the same tier, for each K given.
 *
 *   npx tsx bench/order-contention.ts [--orders 4000] [--connections 1,2,6,20]
 *
 * Prints the Postgres backends' CPU per order (read from /proc) and the wall time per
 * order. The cloud sends at most TIXMO_ORDERS_IN_FLIGHT_PER_TIER (2) of a tier's orders
 * at once (tier-lanes.ts) because of what this shows. Needs the Debian package postgresql.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openCloudDatabase } from '../src/cloud/db/client.ts';
import { events, organizations, tiers, users, venues } from '../src/cloud/db/schema.ts';
import { PLACE_ONE_TIER_ORDER } from '../src/cloud/orders/one-statement.ts';
import { newId } from '../src/shared/ids.ts';
import { startPostgresServer } from '../test/helpers/postgres-server.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '4000' },
    connections: { type: 'string', default: '1,2,6,20' },
  },
});
const perRun = Number(values.orders);
const ks = values.connections.split(',').map(Number);

const server = await startPostgresServer();
if ('missing' in server) {
  console.error(server.missing);
  process.exit(1);
}
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
await admin.query('create database bench');
await admin.end();
const url = server.url.replace(/\/postgres$/, '/bench');
const dataDir = mkdtempSync(join(tmpdir(), 'tixmo-contention-'));
try {
  // The cloud's own migrations, then one user, venue, published event and free tier.
  const { db, close } = await openCloudDatabase({ databaseUrl: url, dataDir, poolSize: 2 });
  const [user, org, venue, event, tier] = [newId(), newId(), newId(), newId(), newId()];
  const startsAt = new Date(Date.now() + 86_400_000);
  const endsAt = new Date(startsAt.getTime() + 4 * 3600_000);
  await db.insert(users).values({ id: user, email: 'b@bench.tixmo', name: 'B', passwordHash: 'x' });
  await db.insert(organizations).values({ id: org, name: 'Bench' });
  await db
    .insert(venues)
    .values({ id: venue, orgId: org, name: 'Arena', capacity: 1_000_000, timezone: 'UTC' });
  await db
    .insert(events)
    .values({ id: event, orgId: org, venueId: venue, name: 'Night', startsAt, endsAt, status: 'PUBLISHED' });
  await db.insert(tiers).values({
    id: tier,
    eventId: event,
    name: 'GA',
    priceCents: 0,
    currency: 'EUR',
    quantity: 100_000_000,
    maxPerOrder: 1,
  });
  await close();

  const now = new Date().toISOString();
  const params = () => {
    const id = newId();
    return [
      event,
      now,
      startsAt.toISOString(),
      endsAt.toISOString(),
      null,
      1,
      1,
      tier,
      0,
      'EUR',
      id,
      user,
      'CONFIRMED',
      0,
      0,
      0,
      null,
      null,
      null,
      now,
      now,
      newId(),
      venue,
      [newId()],
      [`code-${id}`],
      newId(),
    ];
  };
  console.log(`one-statement orders on one tier, ${perRun} per run (Postgres ${url})`);
  for (const k of ks) {
    const clients = await Promise.all(
      Array.from({ length: k }, async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    const pids: number[] = await Promise.all(
      clients.map(async (c) => (await c.query('select pg_backend_pid() as p')).rows[0].p),
    );
    const cpuMs = () =>
      pids.reduce((sum, pid) => {
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return sum + ((Number(f[11]) + Number(f[12])) * 1000) / 100;
      }, 0);
    const run = async (c: pg.Client, n: number) => {
      for (let i = 0; i < n; i++) {
        const r = await c.query({ name: 'place', text: PLACE_ONE_TIER_ORDER, values: params() });
        if (!r.rows[0].placed) throw new Error('an order was not placed');
      }
    };
    await Promise.all(clients.map((c) => run(c, 20))); // prepared and warm
    const cpu0 = cpuMs();
    const t0 = performance.now();
    await Promise.all(clients.map((c) => run(c, Math.ceil(perRun / k))));
    const wall = performance.now() - t0;
    const n = Math.ceil(perRun / k) * k;
    console.log(
      `  ${String(k).padStart(3)} connections: Postgres CPU ${((cpuMs() - cpu0) / n).toFixed(3)} ms/order, wall ${(wall / n).toFixed(3)} ms/order (${Math.round((n / wall) * 1000)} orders/s)`,
    );
    for (const c of clients) await c.end();
  }
} finally {
  server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
