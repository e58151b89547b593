import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../src/cloud/auth/tokens.ts';
import { orders, promoCodes, tiers, users } from '../../src/cloud/db/schema.ts';
import { tierLaneStats } from '../../src/cloud/orders/tier-lanes.ts';
import { newId } from '../../src/shared/ids.ts';
import { postgresAvailable, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { setupEvent } from '../helpers/factories.ts';
import { type RawResponse, rawRequest } from './support.ts';

/*
 * "No oversell, ever", on a real Postgres server with hundreds of buyers at once. The
 * buyers are inserted straight into the database (with tokens signed by the cloud's own
 * key) because 500 scrypt registrations would only test the password hash.
 */
const pgUp = postgresAvailable();
if (!pgUp) {
  if (process.env.CI)
    throw new Error('no test Postgres server under CI: install the Debian package postgresql');
  console.warn(
    'SKIPPING test/cloud/no-oversell.test.ts: no Postgres server (install the Debian package postgresql)',
  );
}

describe.skipIf(!pgUp)('no oversell under 500 concurrent buyers (real Postgres)', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud({ engine: 'postgres' });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  async function buyers(n: number): Promise<string[]> {
    const rows = Array.from({ length: n }, (_, i) => ({
      id: newId(),
      email: `crowd-${newId()}-${i}@test.tixmo`,
      name: `Buyer ${i}`,
      passwordHash: 'not-a-login',
    }));
    await cloud.deps.db.insert(users).values(rows);
    return Promise.all(rows.map((r) => signAccessToken(cloud.deps, r.id)));
  }

  function rush(tokens: string[], body: unknown): Promise<RawResponse[]> {
    return Promise.all(tokens.map((token) => rawRequest(cloud, 'POST', '/orders', { token, json: body })));
  }

  it('500 buyers for a tier of 50: exactly 50 held, none oversold, 450 told it is sold out', async () => {
    const setup = await setupEvent(cloud.api, { quantity: 50 });
    const waitedBefore = tierLaneStats.waited;
    const results = await rush(await buyers(500), { items: [{ tierId: setup.tierId, quantity: 1 }] });
    // The rush really queued in the tier's lane (tier-lanes.ts), and still nobody got in twice.
    expect(tierLaneStats.waited).toBeGreaterThan(waitedBefore);

    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status !== 201);
    expect(won).toHaveLength(50);
    expect(lost).toHaveLength(450);
    for (const r of lost) {
      expect(r.status, r.text).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'SOLD_OUT', message: '"GA" is sold out' });
    }
    const [tier] = await cloud.deps.db.select().from(tiers).where(eq(tiers.id, setup.tierId));
    expect(tier).toMatchObject({ quantity: 50, reserved: 50 });
    const [held] = await cloud.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(eq(orders.eventId, setup.eventId));
    expect(held!.n).toBe(50);
    const availability = await rawRequest(cloud, 'GET', `/tiers/${setup.tierId}/availability`);
    expect(availability.body).toMatchObject({
      quantity: 50,
      sold: 0,
      held: 50,
      available: 0,
      canPurchase: false,
    });
  });

  it('500 buyers with a promo code of 10 uses: exactly 10 get the discount, 490 told it is used up', async () => {
    const setup = await setupEvent(cloud.api, { quantity: 1000 });
    const promo = await setup.promoter.api.post(`/events/${setup.eventId}/promo-codes`, {
      code: 'Crowd10',
      kind: 'PERCENT',
      amount: 10,
      maxUses: 10,
    });
    const results = await rush(await buyers(500), {
      items: [{ tierId: setup.tierId, quantity: 1 }],
      promoCode: '  crowd10 ',
    });

    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status !== 201);
    expect(won).toHaveLength(10);
    for (const r of won)
      expect(r.body).toMatchObject({ subtotalCents: 2500, discountCents: 250, totalCents: 2250 });
    expect(lost).toHaveLength(490);
    for (const r of lost) {
      expect(r.status, r.text).toBe(409);
      expect(r.body.error).toMatchObject({
        code: 'CONFLICT',
        message: 'promo code CROWD10 has been used the maximum number of times',
      });
    }
    const [row] = await cloud.deps.db.select().from(promoCodes).where(eq(promoCodes.id, promo.id));
    expect(row!.uses).toBe(10);
    // A losing buyer's inventory went back with the rolled-back transaction.
    const [tier] = await cloud.deps.db.select().from(tiers).where(eq(tiers.id, setup.tierId));
    expect(tier!.reserved).toBe(10);
  });

  it('50 copies of one request with one Idempotency-Key make exactly one order', async () => {
    const setup = await setupEvent(cloud.api, { quantity: 100 });
    const [token] = await buyers(1);
    const key = `key-${newId()}`;
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(`${cloud.url}/api/v1/orders`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify({ items: [{ tierId: setup.tierId, quantity: 2 }] }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const [tier] = await cloud.deps.db.select().from(tiers).where(eq(tiers.id, setup.tierId));
    expect(tier!.reserved).toBe(2);
  });
});
