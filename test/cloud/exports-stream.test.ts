import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { registerAccount } from '../helpers/factories.ts';
import { type ShopSetup, sell, shop } from './analytics-support.ts';

/** Attendees seeded straight into the table (the API would take minutes for this many). */
const SEEDED = 50_000;

let cloud: TestCloud;
let s: ShopSetup;
let db: pg.Client;
const logLines: Record<string, unknown>[] = [];
const waiters: {
  test: (l: Record<string, unknown>) => boolean;
  resolve: (l: Record<string, unknown>) => void;
}[] = [];

/** The next log line that matches, or one already written. */
function logLine(test: (l: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const seen = logLines.find(test);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => waiters.push({ test, resolve }));
}

beforeAll(async () => {
  const databaseUrl = await createTestDatabase();
  cloud = await startTestCloud({
    databaseUrl,
    log: (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      logLines.push(parsed);
      for (const w of waiters.filter((x) => x.test(parsed))) w.resolve(parsed);
    },
  });
  s = await shop(cloud.api);
  const buyer = await registerAccount(cloud.api, 'Buyer');
  await sell(cloud, s, buyer, new Date().toISOString(), [{ tierId: s.ga, quantity: 1 }]);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(
    `insert into tickets (id, order_id, event_id, venue_id, tier_id, holder_id, code, attendee_name)
     select 'seed-' || lpad(g::text, 8, '0'), t.order_id, t.event_id, t.venue_id, t.tier_id, t.holder_id,
       'code-' || g, '=Guest ' || g
     from tickets t, generate_series(1, $2::int) g where t.event_id = $1`,
    [s.eventId, SEEDED],
  );
}, 120_000);
afterAll(async () => {
  await db?.end();
  await cloud?.close();
});

/** Server processes of this database running an export's COPY now. */
async function copiesRunning(): Promise<number> {
  const res = await db.query(
    `select count(*)::int as n from pg_stat_activity
     where datname = current_database() and state <> 'idle' and query like 'copy (select%'
       and pid <> pg_backend_pid()`,
  );
  return res.rows[0].n;
}

const exportUrl = () => `${cloud.url}/api/v1/events/${s.eventId}/exports/attendees.csv`;

describe('attendee export of a large event (real Postgres)', () => {
  it('streams every row from one COPY, CRLF-ended, formula cells neutralised, memory bounded', async () => {
    const rssBefore = process.memoryUsage().rss;
    const res = await fetch(exportUrl(), { headers: { authorization: `Bearer ${s.promoter.accessToken}` } });
    expect(res.status).toBe(200);
    let records = 0;
    let neutralised = 0;
    let tail = '';
    const decoder = new TextDecoder();
    // Counted chunk by chunk, never held whole.
    for await (const chunk of res.body!) {
      const text = tail + decoder.decode(chunk, { stream: true });
      const parts = text.split('\r\n');
      tail = parts.pop()!;
      records += parts.length;
      neutralised += parts.filter((p) => p.includes(",'=Guest ")).length;
    }
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(tail).toBe('');
    const rows = SEEDED + 1;
    expect(records).toBe(rows + 1); // and the header
    expect(neutralised).toBe(SEEDED);
    const ended = await logLine(
      (l) => l.msg === 'export ended' && l.eventId === s.eventId && l.complete === true,
    );
    expect(ended).toMatchObject({ export: 'attendees', rows });
    // Loose: the whole file is ~8 MB; the cloud and this client share the process.
    expect(rssGrowth).toBeLessThan(64 * 1024 * 1024);
  });

  it('a client that disconnects mid-export ends the COPY on the server', async () => {
    const abort = new AbortController();
    const res = await fetch(exportUrl(), {
      headers: { authorization: `Bearer ${s.promoter.accessToken}` },
      signal: abort.signal,
    });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // The COPY runs on the server (paused by backpressure) while the client holds off…
    expect(await copiesRunning()).toBe(1);
    abort.abort();
    const ended = await logLine(
      (l) => l.msg === 'export ended' && l.eventId === s.eventId && l.complete === false,
    );
    expect(ended.rows as number).toBeLessThan(SEEDED);
    // …and nothing of the export runs once it has ended.
    expect(await copiesRunning()).toBe(0);
    // And the export stays ended.
    const again = logLines.filter((l) => l.msg === 'export ended' && l.complete === false);
    expect(again).toHaveLength(1);
  });
});
