import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCloudConfig } from '../cloud/config.ts';
import { type RunningCloud, startCloud } from '../cloud/server.ts';
import { SimulatedScanner } from '../devices/scanner.ts';
import { parseEdgeConfig } from '../edge/config.ts';
import { type RunningEdge, startEdge } from '../edge/runtime.ts';
import { cloudClient, must } from '../shared/api/client.ts';
import { ConfigError } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';

export interface DemoOptions {
  dataDir: string;
  cloudPort: number;
  edgePort: number;
  tickets: number;
  rate: number;
  durationSeconds?: number | undefined;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

/** Tries the preferred port, then any free one, so `npm start` works beside other programs. */
async function withFreePort<T>(preferred: number, start: (port: number) => Promise<T>): Promise<T> {
  try {
    return await start(preferred);
  } catch (err) {
    if (err instanceof ConfigError && /in use/.test(err.message) && preferred !== 0) return start(0);
    throw err;
  }
}

/**
 * `npm start`: a cloud (PGlite) and an edge (SQLite) in one process. The cloud is
 * seeded through its public API, then simulated scanners on two lanes read the sold
 * codes at a steady arrival rate, with some unreadable and repeated codes mixed in.
 */
export async function runDemo(
  options: DemoOptions,
): Promise<{ finished: Promise<void>; close(): Promise<void> }> {
  const root = resolve(options.dataDir, 'demo');
  rmSync(root, { recursive: true, force: true });
  const logger = createLogger({ level: 'warn' });

  out('TixMo demo: starting the cloud (embedded PGlite)…');
  // The cloud logs at info so each mail it writes (no SMTP server here) shows as one line.
  const cloud: RunningCloud = await withFreePort(options.cloudPort, (port) =>
    startCloud(loadCloudConfig({ port, dataDir: join(root, 'cloud') }, {}), createLogger({ level: 'info' })),
  );
  // The typed client generated from the cloud's OpenAPI document: a route renamed there breaks tsc here.
  const api = cloudClient(cloud.url);

  out('Seeding a venue, an event and tiers through the API…');
  const promoter = await must(
    api.POST('/auth/register', {
      body: { email: 'promoter@demo.tixmo', password: 'demo-password', name: 'Demo Promoter' },
    }),
  );
  const staff = cloudClient(cloud.url, promoter.accessToken);
  const org = await must(staff.POST('/organizations', { body: { name: 'Demo Promotions' } }));
  const venue = await must(
    staff.POST('/organizations/{orgId}/venues', {
      params: { path: { orgId: org.id } },
      body: { name: 'Demo Arena', capacity: 5000, timezone: 'UTC' },
    }),
  );
  const node = await must(
    staff.POST('/venues/{venueId}/edge-nodes', {
      params: { path: { venueId: venue.id } },
      body: { name: 'North gate' },
    }),
  );
  const now = Date.now();
  const event = await must(
    staff.POST('/events', {
      body: {
        venueId: venue.id,
        name: 'Demo Night Live',
        startsAt: new Date(now + 30 * 60_000).toISOString(),
        endsAt: new Date(now + 5 * 3600_000).toISOString(),
        doorsAt: new Date(now - 60_000).toISOString(),
      },
    }),
  );
  const eventPath = { params: { path: { eventId: event.id } } };
  const ga = await must(
    staff.POST('/events/{eventId}/tiers', {
      ...eventPath,
      body: { name: 'General admission', priceCents: 4500, quantity: options.tickets, maxPerOrder: 10 },
    }),
  );
  await must(
    staff.POST('/events/{eventId}/tiers', {
      ...eventPath,
      body: { name: 'VIP', priceCents: 12000, quantity: 50, maxPerOrder: 4 },
    }),
  );
  await must(staff.POST('/events/{eventId}/publish', eventPath));

  const codes: string[] = [];
  const buyers = Math.max(1, Math.ceil(options.tickets / 40));
  for (let b = 0; b < buyers && codes.length < options.tickets; b++) {
    const session = await must(
      api.POST('/auth/register', {
        body: { email: `buyer${b}@demo.tixmo`, password: 'demo-password', name: `Buyer ${b}` },
      }),
    );
    const buyer = cloudClient(cloud.url, session.accessToken);
    let bought = 0;
    while (bought < 40 && codes.length + bought < options.tickets) {
      const quantity = Math.min(10, 40 - bought, options.tickets - codes.length - bought);
      const order = await must(buyer.POST('/orders', { body: { items: [{ tierId: ga.id, quantity }] } }));
      // box office
      await must(staff.POST('/orders/{orderId}/confirm', { params: { path: { orderId: order.id } } }));
      bought += quantity;
    }
    const mine = await must(buyer.GET('/me/tickets'));
    for (const t of mine.data) codes.push(t.code);
    process.stdout.write(`\r  sold ${codes.length}/${options.tickets} tickets`);
  }
  out('');

  out('Starting the edge (SQLite journal) with two simulated lanes…');
  const edgeConfig = (port: number) =>
    parseEdgeConfig({
      cloudUrl: cloud.url,
      nodeToken: node.token,
      dataDir: join(root, 'edge-1'),
      port,
      host: '127.0.0.1',
      pullIntervalMs: 2000,
      lanes: [
        { id: 'north-1', direction: 'entry' },
        { id: 'north-2', direction: 'entry' },
      ],
    });
  const edge: RunningEdge = await withFreePort(options.edgePort, (port) =>
    startEdge({ config: edgeConfig(port), logger }),
  );
  // The edge's own loop may have pulled already; syncNow waits for it, then catches up.
  await edge.syncNow();
  out(`  manifest: ${edge.status().manifest.tickets} tickets`);
  const scanners = [new SimulatedScanner('sim:north-1'), new SimulatedScanner('sim:north-2')];
  await edge.attachScanner('north-1', scanners[0]!);
  await edge.attachScanner('north-2', scanners[1]!);

  const tally = { admit: 0, reject: 0, reasons: new Map<string, number>() };
  edge.onDecision(({ row }) => {
    tally[row.decision]++;
    if (row.decision === 'reject') tally.reasons.set(row.reason, (tally.reasons.get(row.reason) ?? 0) + 1);
  });

  out('');
  out(`  Occupancy page   ${edge.url}/`);
  out(`  Edge status      ${edge.url}/api/v1/status`);
  out(`  Cloud API        ${cloud.url}/api/v1   (OpenAPI: ${cloud.url}/api/v1/openapi.json)`);
  out(`  Promoter login   promoter@demo.tixmo / demo-password`);
  out(`  Mail             ${join(root, 'cloud', 'mail')} (one .eml per message; set SMTP_URL to send)`);
  out(`  Data             ${root}`);
  out('');
  out(`Doors are open: about ${options.rate} arrivals per second. Ctrl-C to stop.`);

  // Arrivals: a Poisson process; ~4% unreadable reads, ~5% people scanning again.
  const queue = [...codes];
  const used: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((r) => {
    resolveFinished = r;
  });
  const garbage = [
    'PHONE-GLARE',
    'https://example.com/not-a-ticket',
    '0000000000',
    'eyJhbGciOiJFZERTQSJ9.broken',
  ];
  const arrive = () => {
    const scanner = scanners[Math.floor(Math.random() * scanners.length)]!;
    const roll = Math.random();
    if (roll < 0.04) scanner.read(garbage[Math.floor(Math.random() * garbage.length)]!);
    else if (roll < 0.09 && used.length > 0) scanner.read(used[Math.floor(Math.random() * used.length)]!);
    else if (queue.length > 0) {
      const code = queue.shift()!;
      used.push(code);
      scanner.read(code);
    }
    const gap = options.rate > 0 ? -Math.log(1 - Math.random()) / options.rate : 1;
    timer = setTimeout(arrive, Math.min(5000, gap * 1000));
  };
  arrive();

  const report = setInterval(() => {
    const s = edge.status();
    const occ = s.events.find((e) => e.id === event.id);
    const reasons = [...tally.reasons].map(([r, n]) => `${r} ${n}`).join(', ');
    out(
      `  inside ${occ?.inside ?? 0}/${venue.capacity} · admitted ${tally.admit} · rejected ${tally.reject}${reasons ? ` (${reasons})` : ''} · upload backlog ${s.upload.pending}${queue.length === 0 ? ' · everyone is in' : ''}`,
    );
  }, 5000);

  let stopTimer: NodeJS.Timeout | undefined;
  if (options.durationSeconds !== undefined)
    stopTimer = setTimeout(resolveFinished, options.durationSeconds * 1000);

  let closed = false;
  return {
    finished,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      clearTimeout(stopTimer);
      clearInterval(report);
      await edge.close();
      await cloud.close();
      resolveFinished();
    },
  };
}
