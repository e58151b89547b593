import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../src/cloud/auth/tokens.ts';
import { tickets, users } from '../../src/cloud/db/schema.ts';
import { quickOrderStats } from '../../src/cloud/orders/quick-order.ts';
import { newId } from '../../src/shared/ids.ts';
import { peekTicketCode } from '../../src/shared/ticket-code.ts';
import { postgresAvailable, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { registerAccount, setupEvent } from '../helpers/factories.ts';
import { expectErrorBody, type RawResponse, rawRequest } from './support.ts';

/*
 * The common order (one tier, no code) is planned from a tier/event/key read that is
 * reused for a second (quick-order.ts) and placed in one statement that re-checks the
 * plan (one-statement.ts). Each test first warms that cache with an order, changes the
 * tier or event through the API, and orders again at once: the answer must be the one
 * a fresh read would give.
 */
const engines = postgresAvailable() ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
if (!postgresAvailable()) {
  if (process.env.CI)
    throw new Error('no test Postgres server under CI: install the Debian package postgresql');
  console.warn('quick-orders.test.ts: no Postgres server, running on PGlite only (install postgresql)');
}

describe.each(engines)('orders planned from a reused read (%s)', (engine) => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ engine });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  async function order(token: string, tierId: string, quantity = 1) {
    return rawRequest(cloud, 'POST', '/orders', { token, json: { items: [{ tierId, quantity }] } });
  }

  it('a second order of a tier is placed from the reused plan, in one statement', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api);
    expect((await order(buyer.accessToken, setup.freeTierId)).status).toBe(201);
    const before = { ...quickOrderStats };
    const res = await order(buyer.accessToken, setup.freeTierId, 2);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ status: 'CONFIRMED', totalCents: 0 });
    expect(quickOrderStats.placed).toBe(before.placed + 1);
    expect(quickOrderStats.handedOver).toBe(before.handedOver);
    const mine = await buyer.api.get('/me/tickets');
    expect(mine.data).toHaveLength(3);
    const tier = await rawRequest(cloud, 'GET', `/tiers/${setup.freeTierId}/availability`);
    expect(tier.body).toMatchObject({ sold: 3, held: 0, available: 47 });
  });

  it('a tier deactivated a moment ago is not sold', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api);
    expect((await order(buyer.accessToken, setup.tierId)).status).toBe(201);
    await setup.promoter.api.request('PATCH', `/tiers/${setup.tierId}`, { active: false });
    const res = await order(buyer.accessToken, setup.tierId);
    expect(expectErrorBody(res, 409, 'CONFLICT').message).toBe('"GA" is not on sale');
  });

  it('a sale window closed a moment ago is enforced', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api);
    expect((await order(buyer.accessToken, setup.tierId)).status).toBe(201);
    const endedAt = new Date(Date.now() - 60_000).toISOString();
    await setup.promoter.api.request('PATCH', `/tiers/${setup.tierId}`, { saleEndsAt: endedAt });
    const res = await order(buyer.accessToken, setup.tierId);
    expect(expectErrorBody(res, 409, 'CONFLICT').message).toMatch(/^"GA" sales ended at /);
  });

  it('a lowered maxPerOrder and a lowered quantity apply to the very next order', async () => {
    const setup = await setupEvent(cloud.api, { quantity: 10 });
    const buyer = await registerAccount(cloud.api);
    expect((await order(buyer.accessToken, setup.tierId, 3)).status).toBe(201);
    await setup.promoter.api.request('PATCH', `/tiers/${setup.tierId}`, { maxPerOrder: 2 });
    expect(expectErrorBody(await order(buyer.accessToken, setup.tierId, 3), 400, 'BAD_REQUEST').message).toBe(
      'items: at most 2 of "GA" per order',
    );
    await setup.promoter.api.request('PATCH', `/tiers/${setup.tierId}`, { quantity: 4 });
    expect(expectErrorBody(await order(buyer.accessToken, setup.tierId, 2), 409, 'SOLD_OUT').message).toBe(
      '"GA" has only 1 left',
    );
  });

  it('a price changed before the first sale is the price charged', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api);
    // Plans the tier (and caches it) but sells nothing: too many per order.
    expect((await order(buyer.accessToken, setup.tierId, 11)).status).toBe(400);
    await setup.promoter.api.request('PATCH', `/tiers/${setup.tierId}`, { priceCents: 3000 });
    const res = await order(buyer.accessToken, setup.tierId, 2);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ subtotalCents: 6000, totalCents: 6000 });
  });

  it('an event cancelled a moment ago sells nothing more', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api);
    expect((await order(buyer.accessToken, setup.freeTierId)).status).toBe(201);
    await setup.promoter.api.post(`/events/${setup.eventId}/cancel`);
    const res = await order(buyer.accessToken, setup.freeTierId);
    expect(expectErrorBody(res, 409, 'CONFLICT').message).toBe('the event is not on sale');
  });

  it('after a key rotation new tickets are signed with the new key at once', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api);
    expect((await order(buyer.accessToken, setup.freeTierId)).status).toBe(201);
    const rotated = await setup.promoter.api.post(`/events/${setup.eventId}/keys/rotate`);
    const signing = (rotated.data as { kid: string; signing: boolean }[]).find((k) => k.signing)!.kid;
    const res = await order(buyer.accessToken, setup.freeTierId);
    expect(res.status, res.text).toBe(201);
    const mine = await buyer.api.get('/me/tickets');
    const codes = (mine.data as { orderId: string; code: string }[]).filter((t) => t.orderId === res.body.id);
    expect(codes).toHaveLength(1);
    expect(peekTicketCode(codes[0]!.code)?.kid).toBe(signing);
  });
});

describe.skipIf(!postgresAvailable())('cancelling an event while orders pour in (real Postgres)', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ engine: 'postgres' });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('no ticket stays valid: every order either lands before the cancellation or is refused', async () => {
    const setup = await setupEvent(cloud.api);
    await rawRequest(cloud, 'PATCH', `/tiers/${setup.freeTierId}`, {
      token: setup.promoter.accessToken,
      json: { quantity: 1000, maxPerOrder: 1 },
    });
    const rows = Array.from({ length: 600 }, (_, i) => ({
      id: newId(),
      email: `rush-${newId()}-${i}@test.tixmo`,
      name: `Buyer ${i}`,
      passwordHash: 'not-a-login',
    }));
    await cloud.deps.db.insert(users).values(rows);
    const tokens = await Promise.all(rows.map((r) => signAccessToken(cloud.deps, r.id)));
    const body = { items: [{ tierId: setup.freeTierId, quantity: 1 }] };
    let next = 0;
    let placed = 0;
    let cancelled = false;
    const refusals: RawResponse[] = [];
    // 40 buyers order back to back (a new account each time) until they have seen the
    // cancellation answered, then each orders once more.
    const worker = async () => {
      for (let after = 0; after < 2 && next < tokens.length; ) {
        if (cancelled) after++;
        const res = await rawRequest(cloud, 'POST', '/orders', { token: tokens[next++]!, json: body });
        if (res.status === 201) placed++;
        else refusals.push(res);
      }
    };
    const workers = Array.from({ length: 40 }, worker);
    while (placed < 20) await new Promise((r) => setTimeout(r, 5));
    const cancel = await rawRequest(cloud, 'POST', `/events/${setup.eventId}/cancel`, {
      token: setup.promoter.accessToken,
    });
    cancelled = true;
    expect(cancel.status, cancel.text).toBe(200);
    await Promise.all(workers);
    expect(refusals.length).toBeGreaterThanOrEqual(40);
    for (const r of refusals)
      expect(expectErrorBody(r, 409, 'CONFLICT').message).toBe('the event is not on sale');
    const [counts] = await cloud.deps.db
      .select({
        valid: sql<number>`count(*) filter (where ${tickets.status} = 'VALID')::int`,
        all: sql<number>`count(*)::int`,
      })
      .from(tickets)
      .where(and(eq(tickets.eventId, setup.eventId)));
    expect(counts!.all).toBe(placed);
    expect(counts!.valid).toBe(0);
  });
});
