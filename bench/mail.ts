/**
 * Order-confirmation mail during an on-sale, through a real SMTP server.
 *
 *   npx tsx bench/mail.ts [--orders 10000] [--buyers 64] [--pool 20] [--connections 5]
 *
 * Starts a throwaway Postgres cluster (as the tests do), an SMTP server (the
 * `smtp-server` package) in this process, and the cloud as a child process (`tixmo
 * cloud`) sending to it. `--buyers` buyers then place one-ticket orders on a free tier of
 * `--orders` tickets until it is sold out: each confirmed order writes its outbox row in
 * the order's statement, and the cloud's worker mails the tickets (QR images, .ics).
 *
 * It prints, each second, orders placed and mails received; then mails/s over the whole
 * delivery (first mail to last), the slowest full second once mail was flowing, and the
 * drain time after the last order. It checks that every confirmed order's mail arrived
 * exactly once: received Message-IDs against the `deliveries` rows (no missing, no
 * duplicate, no stranger), and exits 1 otherwise.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { CloudApi } from '../src/demo/api-client.ts';
import { freePort } from '../test/helpers/ports.ts';
import { startPostgresServer } from '../test/helpers/postgres-server.ts';
import { untilHealthy } from './cloud-process.ts';
import { cpuSnapshot, pidsNamed } from './cpu.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '10000' },
    buyers: { type: 'string', default: '64' },
    pool: { type: 'string', default: '20' },
    connections: { type: 'string', default: '5' },
    /** Writes V8 CPU profiles of the cloud (each of its threads) into ./bench-profiles. */
    profile: { type: 'boolean', default: false },
  },
});
const orders = Number(values.orders);
const buyers = Number(values.buyers);
const load = loadavg()[0]!.toFixed(1);

// The SMTP server: keeps each message's Message-ID and arrival time (no parsing beyond that).
const received: { id: string; at: number }[] = [];
const smtpPort = await freePort();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1');
      if (/^Subject: Your tickets/m.test(head))
        received.push({ id: /^Message-ID: <([^>]+)>/im.exec(head)?.[1] ?? '', at: performance.now() });
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', () => resolve()));

const server = await startPostgresServer();
if ('missing' in server) {
  console.error(server.missing);
  process.exit(1);
}
const dataDir = mkdtempSync(join(tmpdir(), 'tixmo-bench-mail-'));
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
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SMTP_FROM: 'TixMo <tickets@bench.example>',
      TIXMO_SMTP_CONNECTIONS: values.connections,
      TIXMO_OUTBOX_POLL_MS: '100',
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
  smtp.close();
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
const org = await promoter.post('/organizations', { name: 'Bench Promotions' });
const venue = await promoter.post(`/organizations/${org.id}/venues`, {
  name: 'Arena',
  capacity: 1_000_000,
  timezone: 'Europe/Berlin',
});
const startsAt = new Date(Date.now() + 7 * 86_400_000);
const event = await promoter.post('/events', {
  venueId: venue.id,
  name: 'Bench night',
  startsAt: startsAt.toISOString(),
  endsAt: new Date(startsAt.getTime() + 4 * 3600_000).toISOString(),
});
const tier = await promoter.post(`/events/${event.id}/tiers`, {
  name: 'GA',
  priceCents: 0,
  quantity: orders,
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

const cpuGroups = {
  cloud: () => [cloud.pid!],
  postgres: () => pidsNamed('postgres'),
  'bench (buyers + SMTP server)': () => [process.pid],
};
const cpu0 = cpuSnapshot(cpuGroups);
const body = JSON.stringify({ items: [{ tierId: tier.id, quantity: 1 }] });
let placed = 0;
let errors = 0;
let soldOut = false;
const started = performance.now();
let lastOrderAt = started;
const perSecond: number[] = [];
let lastCount = 0;
const progress = setInterval(() => {
  const n = received.length;
  perSecond.push(n - lastCount);
  lastCount = n;
  process.stdout.write(
    `  ${perSecond.length.toString().padStart(3)}s  orders ${placed}  mails ${n} (+${perSecond.at(-1)}/s)\n`,
  );
}, 1000);
await Promise.all(
  tokens.map(async (token) => {
    while (!soldOut) {
      const status = await post('/api/v1/orders', token, body);
      if (status === 201) {
        placed++;
        lastOrderAt = performance.now();
      } else if (status === 409) soldOut = true;
      else errors++;
    }
  }),
);
const saleSeconds = (lastOrderAt - started) / 1000;
while (received.length < placed) {
  await new Promise((r) => setTimeout(r, 50));
  if (performance.now() - lastOrderAt > 600_000) break; // ten minutes without every mail: report what came
}
clearInterval(progress);
const cpu1 = cpuSnapshot(cpuGroups);
// Let a duplicate that is still on its way arrive before counting.
await new Promise((r) => setTimeout(r, 1500));

const db = new pg.Client({ connectionString: dbUrl });
await db.connect();
const { rows } = await db.query<{ id: string; status: string }>(
  `select d.id, d.status from deliveries d join outbox o on o.id = d.outbox_id where o.kind = 'order.confirmed' and d.channel = 'email'`,
);
const { rows: orderRows } = await db.query<{ n: number }>(
  `select count(*)::int as n from orders where status = 'CONFIRMED' and event_id = $1`,
  [event.id],
);
await db.end();

const expected = new Set(rows.map((r) => `${r.id}@bench.example`));
const seen = new Map<string, number>();
for (const r of received) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
const missing = [...expected].filter((id) => !seen.has(id)).length;
const duplicated = [...seen.values()].filter((n) => n > 1).length;
const strangers = [...seen.keys()].filter((id) => !expected.has(id)).length;
const first = received[0]?.at ?? started;
const last = received.at(-1)?.at ?? started;
const deliverySeconds = (last - first) / 1000;
// The outbox runs a pass every 5 s during the sale, so some mail comes early; the
// sustained rate is the one after the sale.
const afterSale = received.filter((r) => r.at > lastOrderAt).length;
// The slowest whole second once mail was flowing (the first and the last are partial).
const flowing = perSecond.slice(perSecond.findIndex((n) => n > 0) + 1, -1);
const cpu = Object.keys(cpuGroups)
  .map((k) => `${k} ${(((cpu1[k]! - cpu0[k]!) / received.length) * 1000).toFixed(2)}`)
  .join(', ');
console.log(`
mail bench: ${placed} orders (${orderRows[0]!.n} confirmed in the database) by ${buyers} buyers in ${saleSeconds.toFixed(1)} s, ${errors} errors; load average ${load} at the start
  mails received   ${received.length} in ${deliverySeconds.toFixed(1)} s: ${(received.length / deliverySeconds).toFixed(0)} mails/s from the first to the last
  slowest second   ${flowing.length ? Math.min(...flowing) : 0} mails (during the sale: ${perSecond.slice(0, Math.ceil(saleSeconds)).join(', ')})
  drain            ${((last - lastOrderAt) / 1000).toFixed(1)} s after the last order: ${afterSale} mails, ${(afterSale / ((last - lastOrderAt) / 1000)).toFixed(0)} mails/s once the sale was over
  checked          ${rows.length} deliveries: ${missing} missing, ${duplicated} duplicated, ${strangers} unknown; states ${JSON.stringify(countBy(rows.map((r) => r.status)))}
  CPU ms/mail      ${cpu}
`);
function countBy(list: string[]) {
  const out: Record<string, number> = {};
  for (const x of list) out[x] = (out[x] ?? 0) + 1;
  return out;
}
await cleanup();
const ok = missing === 0 && duplicated === 0 && strangers === 0 && errors === 0 && rows.length === placed;
process.exit(ok ? 0 : 1);
