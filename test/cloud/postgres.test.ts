import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tiers } from '../../src/cloud/db/schema.ts';
import type { ManifestPage, ManifestTicket } from '../../src/sync/protocol.ts';
import { postgresAvailable, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, registerAccount, setupEvent } from '../helpers/factories.ts';
import { rawRequest } from './support.ts';

/*
 * These run on a real Postgres server (the global setup starts one). Under CI a
 * missing server already failed the global setup; on a developer machine without
 * Postgres the file skips, loudly.
 */
const pgUp = postgresAvailable();
if (!pgUp) {
  if (process.env.CI)
    throw new Error('no test Postgres server under CI: install the Debian package postgresql');
  console.warn(
    'SKIPPING test/cloud/postgres.test.ts: no Postgres server (install the Debian package postgresql)',
  );
}

describe.skipIf(!pgUp)('cloud on a real Postgres server', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud({ engine: 'postgres' });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  async function pullAll(
    token: string,
    cursor = '',
    limit = 100,
  ): Promise<{ tickets: ManifestTicket[]; cursor: string }> {
    const tickets: ManifestTicket[] = [];
    for (let i = 0; i < 1000; i++) {
      const page = await cloud.api
        .as(token)
        .get<ManifestPage>(`/sync/manifest?limit=${limit}&cursor=${cursor}`);
      tickets.push(...page.tickets);
      cursor = page.cursor;
      if (!page.hasMore) return { tickets, cursor };
    }
    throw new Error('manifest paging does not end');
  }

  async function connect(): Promise<pg.Client> {
    const url = cloud.deps.config.databaseUrl;
    if (!url) throw new Error('the cloud is not on a Postgres server');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  }

  describe('happy path', () => {
    it('runs the core flow: register → org → venue → event → tier → publish → order → confirm → my tickets', async () => {
      expect(cloud.deps.config.databaseUrl).toMatch(/^postgres(ql)?:\/\//);
      const promoter = await registerAccount(cloud.api, 'Promoter');
      const org = await promoter.api.post('/organizations', { name: 'PG Live' });
      const venue = await promoter.api.post(`/organizations/${org.id}/venues`, {
        name: 'Hall',
        capacity: 200,
      });
      const event = await promoter.api.post('/events', {
        venueId: venue.id,
        name: 'PG Night',
        startsAt: '2030-03-01T20:00:00Z',
        endsAt: '2030-03-01T23:00:00Z',
      });
      expect(event.status).toBe('DRAFT');
      const tier = await promoter.api.post(`/events/${event.id}/tiers`, {
        name: 'GA',
        priceCents: 3000,
        quantity: 10,
      });
      expect((await promoter.api.post(`/events/${event.id}/publish`)).status).toBe('PUBLISHED');

      const buyer = await registerAccount(cloud.api, 'Buyer');
      const order = await buyer.api.post('/orders', { items: [{ tierId: tier.id, quantity: 2 }] });
      expect(order).toMatchObject({ status: 'PENDING', totalCents: 6000 });
      expect((await promoter.api.post(`/orders/${order.id}/confirm`)).status).toBe('CONFIRMED');

      const mine = await buyer.api.get('/me/tickets');
      expect(mine.data).toHaveLength(2);
      for (const t of mine.data) {
        expect(t).toMatchObject({ orderId: order.id, eventId: event.id, tierId: tier.id, status: 'VALID' });
        expect(t.code).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      }
      const [row] = await cloud.deps.db.select().from(tiers).where(eq(tiers.id, tier.id));
      expect(row).toMatchObject({ quantity: 10, reserved: 2, sold: 2 });
    });
  });

  describe('errors', () => {
    it('60 concurrent buyers of a 20-ticket tier: exactly 20 succeed, 40 get 409 SOLD_OUT, no oversell', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 20 });
      const buyers = await Promise.all(
        Array.from({ length: 60 }, (_, i) => registerAccount(cloud.api, `Buyer ${i}`)),
      );

      const results = await Promise.all(
        buyers.map((b) =>
          rawRequest(cloud, 'POST', '/orders', {
            token: b.accessToken,
            json: { items: [{ tierId: setup.tierId, quantity: 1 }] },
          }),
        ),
      );
      const won = results.filter((r) => r.status === 201);
      const lost = results.filter((r) => r.status === 409);
      expect(won).toHaveLength(20);
      expect(lost).toHaveLength(40);
      for (const r of lost) {
        expect(r.body.error.code).toBe('SOLD_OUT');
        expect(r.body.error.message).toMatch(/sold out/);
      }
      expect(new Set(won.map((r) => r.body.id)).size).toBe(20);

      const listed = await setup.promoter.api.get(`/events/${setup.eventId}/tiers`);
      expect(listed.data.find((t: { id: string }) => t.id === setup.tierId).available).toBe(0);

      // Confirm every winner, concurrently too: all tickets are issued, none more.
      const confirmed = await Promise.all(
        won.map((r) => setup.promoter.api.post(`/orders/${r.body.id}/confirm`)),
      );
      expect(confirmed.every((o) => o.status === 'CONFIRMED')).toBe(true);
      const [row] = await cloud.deps.db.select().from(tiers).where(eq(tiers.id, setup.tierId));
      expect(row).toMatchObject({ quantity: 20, reserved: 20, sold: 20 });
      const manifest = await pullAll(setup.node.token);
      expect(manifest.tickets.filter((t) => t.tierId === setup.tierId)).toHaveLength(20);
    });
  });

  describe('security', () => {
    it('the manifest cursor never skips an out-of-order commit', async () => {
      const setup = await setupEvent(cloud.api);
      const t1 = (await buyTickets(cloud.api, setup, 1)).tickets[0]!.id;
      const t2 = (await buyTickets(cloud.api, setup, 1)).tickets[0]!.id;
      const start = await pullAll(setup.node.token, '', 1);
      expect(start.tickets.map((t) => t.id).sort()).toEqual([t1, t2].sort());
      expect(start.tickets.every((t) => t.version === 1)).toBe(true);

      const a = await connect();
      const b = await connect();
      const reader = await connect();
      try {
        // A naive reader that remembers the highest change stamp it has seen.
        const naive = async (after: string) => {
          const res = await reader.query<{ id: string; xid: string }>(
            'select id, change_xid::text as xid from tickets where venue_id = $1 and change_xid > $2::xid8 order by change_xid, id',
            [setup.venueId, after],
          );
          return res.rows;
        };
        let naiveCursor = (await naive('0')).at(-1)!.xid;

        const bump =
          'update tickets set version = version + 1, change_xid = pg_current_xact_id() where id = $1';
        await a.query('begin');
        await a.query(bump, [t1]); // A takes the older transaction id and stays open
        await b.query('begin');
        await b.query(bump, [t2]);
        await b.query('commit'); // the newer transaction commits first

        const during = await cloud.api
          .as(setup.node.token)
          .get<ManifestPage>(`/sync/manifest?cursor=${start.cursor}`);
        // t2's change must wait: A's older transaction may still commit below it.
        expect(during.tickets).toEqual([]);
        expect(during.cursor).toBe(start.cursor);

        const naiveDuring = await naive(naiveCursor);
        expect(naiveDuring.map((r) => r.id)).toEqual([t2]);
        naiveCursor = naiveDuring.at(-1)!.xid;

        await a.query('commit');

        const after = await pullAll(setup.node.token, during.cursor);
        expect(after.tickets.map((t) => [t.id, t.version])).toEqual([
          [t1, 2],
          [t2, 2],
        ]);
        // Nothing more after that.
        const end = await pullAll(setup.node.token, after.cursor);
        expect(end.tickets).toEqual([]);

        // The naive cursor moved past A's transaction id before A committed: it skips t1 for good.
        const naiveAfter = await naive(naiveCursor);
        expect(naiveAfter.map((r) => r.id)).not.toContain(t1);
      } finally {
        await a.end();
        await b.end();
        await reader.end();
      }
    });

    it('a sale committed while an older transaction is open is handed out once that one ends', async () => {
      const setup = await setupEvent(cloud.api);
      const start = await pullAll(setup.node.token);
      const a = await connect();
      try {
        await a.query('begin');
        await a.query('select pg_current_xact_id()'); // takes a transaction id older than the sale's
        const sold = (await buyTickets(cloud.api, setup, 2)).tickets.map((t) => t.id);

        const during = await pullAll(setup.node.token, start.cursor);
        expect(during.tickets).toEqual([]);
        expect(during.cursor).toBe(start.cursor);

        await a.query('rollback');
        const after = await pullAll(setup.node.token, during.cursor);
        expect(after.tickets.map((t) => t.id).sort()).toEqual([...sold].sort());
      } finally {
        await a.end();
      }
    });
  });
});
