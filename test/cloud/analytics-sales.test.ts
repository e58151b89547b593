import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickOrderStats } from '../../src/cloud/orders/quick-order.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { expectApiError, registerAccount } from '../helpers/factories.ts';
import { atTime, figures, refund, type ShopSetup, sell, shop } from './analytics-support.ts';
import { expectErrorBody, rawRequest } from './support.ts';

/**
 * Known orders and refunds placed through the API at chosen instants around Berlin's
 * spring change (2027-03-28, 02:00 CET → 03:00 CEST: that day has 23 hours) and autumn
 * change (2026-10-25, 03:00 CEST → 02:00 CET: 25 hours), read back as exact figures.
 * On PGlite and on the Postgres server: time-zone arithmetic is the database's.
 */
describe.each(['pglite', 'postgres'] as const)('sales figures (%s)', (engine) => {
  let cloud: TestCloud;
  let s: ShopSetup;
  let usd: ShopSetup;
  const orders: Record<string, string> = {};

  beforeAll(async () => {
    cloud = await startTestCloud({ engine });
    s = await shop(cloud.api);
    usd = await shop(cloud.api, { promoter: s.promoter, orgId: s.orgId, currency: 'USD' });
    const buyer = await registerAccount(cloud.api, 'Buyer');
    const other = await registerAccount(cloud.api, 'Other buyer');
    // Berlin 2027-03-27 23:59 (the 27th)
    orders.a = await sell(cloud, s, buyer, '2027-03-27T22:59:00Z', [{ tierId: s.ga, quantity: 2 }]);
    // Berlin 2027-03-28 00:00 CET (the 28th), with the code
    orders.b = await sell(
      cloud,
      s,
      other,
      '2027-03-27T23:00:00Z',
      [{ tierId: s.vip, quantity: 1 }],
      'TENOFF',
    );
    // partial refund of A at 01:30 CET on the 28th
    await refund(cloud, s, orders.a!, '2027-03-28T00:30:00Z', 1000);
    // 03:00 CEST, the first hour after the change
    orders.e = await sell(cloud, s, buyer, '2027-03-28T01:00:00Z', [{ tierId: s.ga, quantity: 1 }]);
    await sell(cloud, usd, buyer, '2027-03-28T12:00:00Z', [{ tierId: usd.ga, quantity: 2 }]);
    // 23:59 CEST on the 28th
    orders.c = await sell(cloud, s, other, '2027-03-28T21:59:00Z', [{ tierId: s.ga, quantity: 1 }]);
    // 00:00 CEST on the 29th, with the code
    orders.d = await sell(cloud, s, buyer, '2027-03-28T22:00:00Z', [{ tierId: s.ga, quantity: 3 }], 'TENOFF');
    // C refunded in full on the 29th
    await refund(cloud, s, orders.c!, '2027-03-29T10:00:00Z');
    // A hold never paid: no sale
    await atTime(cloud, '2027-03-28T10:00:00Z', async (as) =>
      (await as(buyer)).post('/orders', { items: [{ tierId: s.ga, quantity: 1 }] }),
    );
  });
  afterAll(async () => {
    await cloud?.close();
  });

  const day27 = figures('EUR', { orders: 1, tickets: 2, gross: 5000 });
  const day28 = figures('EUR', {
    orders: 3,
    tickets: 3,
    gross: 9000,
    discount: 400,
    refunds: 1,
    refunded: 1000,
  });
  const day29 = figures('EUR', {
    orders: 1,
    tickets: 3,
    gross: 7500,
    discount: 750,
    refunds: 1,
    refunded: 2500,
  });
  const total = figures('EUR', {
    orders: 5,
    tickets: 8,
    gross: 21500,
    discount: 1150,
    refunds: 2,
    refunded: 3500,
  });
  const range = 'from=2027-03-27T00:00:00%2B01:00&to=2027-03-30T00:00:00%2B02:00';

  it('an event’s days follow the venue’s zone across the spring change', async () => {
    const res = await s.promoter.api.get(`/events/${s.eventId}/analytics/sales?${range}&interval=day`);
    expect(res).toMatchObject({
      timezone: 'Europe/Berlin',
      from: '2027-03-26T23:00:00.000Z',
      to: '2027-03-29T22:00:00.000Z',
    });
    expect(res.buckets).toEqual([
      { start: '2027-03-26T23:00:00.000Z', local: '2027-03-27T00:00', currencies: [day27] },
      { start: '2027-03-27T23:00:00.000Z', local: '2027-03-28T00:00', currencies: [day28] },
      { start: '2027-03-28T22:00:00.000Z', local: '2027-03-29T00:00', currencies: [day29] },
    ]);
    expect(res.totals).toEqual([total]);
    expect(res.byTier).toEqual([
      { tierId: s.ga, name: 'GA', currency: 'EUR', orders: 4, tickets: 7, grossCents: 17500 },
      { tierId: s.vip, name: 'VIP', currency: 'EUR', orders: 1, tickets: 1, grossCents: 4000 },
    ]);
    expect(res.byPromoCode).toEqual([
      {
        promoCodeId: expect.any(String),
        code: 'TENOFF',
        currency: 'EUR',
        uses: 2,
        discountCents: 1150,
        revenueCents: 10350,
      },
    ]);
  });

  it('free orders count once, whichever path placed them (one statement, several tiers, a promo code)', async () => {
    const free = await shop(cloud.api);
    const tier = async (name: string) =>
      (
        await free.promoter.api.post(`/events/${free.eventId}/tiers`, {
          name,
          priceCents: 0,
          quantity: 50,
          currency: 'EUR',
        })
      ).id;
    const [f1, f2] = [await tier('Free A'), await tier('Free B')];
    const buyer = await registerAccount(cloud.api, 'Free buyer');
    const quickBefore = quickOrderStats.placed;
    const place = (items: { tierId: string; quantity: number }[], promoCode?: string) =>
      atTime(cloud, '2027-05-04T10:00:00Z', async (as) =>
        (await as(buyer)).post('/orders', { items, ...(promoCode ? { promoCode } : {}) }),
      );
    expect((await place([{ tierId: f1, quantity: 2 }])).status).toBe('CONFIRMED');
    expect(quickOrderStats.placed).toBe(quickBefore + 1); // the one-statement order counted itself
    expect(
      (
        await place([
          { tierId: f1, quantity: 1 },
          { tierId: f2, quantity: 3 },
        ])
      ).status,
    ).toBe('CONFIRMED');
    expect((await place([{ tierId: f2, quantity: 1 }], 'TENOFF')).status).toBe('CONFIRMED');
    expect(quickOrderStats.placed).toBe(quickBefore + 1);
    const res = await free.promoter.api.get(
      `/organizations/${free.orgId}/analytics/sales?from=2027-05-04T00:00:00Z&to=2027-05-05T00:00:00Z&interval=day&timezone=UTC`,
    );
    expect(res.totals).toEqual([figures('EUR', { orders: 3, tickets: 7, gross: 0 })]);
  });

  it('the organization’s figures (from the rollup) agree, with each currency on its own line', async () => {
    const res = await s.promoter.api.get(`/organizations/${s.orgId}/analytics/sales?${range}&interval=day`);
    expect(res.timezone).toBe('Europe/Berlin');
    expect(res.buckets.map((b: { currencies: unknown }) => b.currencies)).toEqual([
      [day27],
      [day28, figures('USD', { orders: 1, tickets: 2, gross: 5000 })],
      [day29],
    ]);
    expect(res.totals).toEqual([total, figures('USD', { orders: 1, tickets: 2, gross: 5000 })]);
  });

  it('hours across the spring change: 01:00 CET is followed by 03:00 CEST', async () => {
    const q = 'from=2027-03-28T00:00:00Z&to=2027-03-28T03:00:00Z&interval=hour';
    for (const path of [`/events/${s.eventId}`, `/organizations/${s.orgId}`]) {
      const res = await s.promoter.api.get(`${path}/analytics/sales?${q}`);
      expect(res.buckets).toEqual([
        {
          start: '2027-03-28T00:00:00.000Z',
          local: '2027-03-28T01:00',
          currencies: [figures('EUR', { refunds: 1, refunded: 1000 })],
        },
        {
          start: '2027-03-28T01:00:00.000Z',
          local: '2027-03-28T03:00',
          currencies: [figures('EUR', { orders: 1, tickets: 1, gross: 2500 })],
        },
        { start: '2027-03-28T02:00:00.000Z', local: '2027-03-28T04:00', currencies: [] },
      ]);
    }
  });

  it('weeks start on Monday in the zone; a range inside a bucket widens to it', async () => {
    const res = await s.promoter.api.get(
      `/events/${s.eventId}/analytics/sales?from=2027-03-23T12:00:00Z&to=2027-03-30T12:00:00Z&interval=week`,
    );
    expect(res.from).toBe('2027-03-21T23:00:00.000Z');
    expect(res.to).toBe('2027-04-04T22:00:00.000Z');
    expect(res.buckets).toEqual([
      {
        start: '2027-03-21T23:00:00.000Z',
        local: '2027-03-22T00:00',
        currencies: [
          figures('EUR', { orders: 4, tickets: 5, gross: 14000, discount: 400, refunds: 1, refunded: 1000 }),
        ],
      },
      { start: '2027-03-28T22:00:00.000Z', local: '2027-03-29T00:00', currencies: [day29] },
    ]);
  });

  it('a requested zone cuts other days: in UTC the 28th holds E, C and D (B fell on the 27th)', async () => {
    const res = await s.promoter.api.get(
      `/events/${s.eventId}/analytics/sales?from=2027-03-28T00:00:00Z&to=2027-03-29T00:00:00Z&timezone=UTC`,
    );
    expect(res.buckets).toEqual([
      {
        start: '2027-03-28T00:00:00.000Z',
        local: '2027-03-28T00:00',
        currencies: [
          figures('EUR', { orders: 3, tickets: 5, gross: 12500, discount: 750, refunds: 1, refunded: 1000 }),
        ],
      },
    ]);
  });

  it('the autumn change: two hours labelled 02:00, and a 25-hour day', async () => {
    const fall = await shop(cloud.api, { promoter: s.promoter, orgId: s.orgId });
    const buyer = await registerAccount(cloud.api, 'Autumn buyer');
    await sell(cloud, fall, buyer, '2026-10-25T00:30:00Z', [{ tierId: fall.ga, quantity: 1 }]); // 02:30 CEST
    await sell(cloud, fall, buyer, '2026-10-25T01:30:00Z', [{ tierId: fall.ga, quantity: 2 }]); // 02:30 CET
    await sell(cloud, fall, buyer, '2026-10-25T22:30:00Z', [{ tierId: fall.vip, quantity: 1 }]); // 23:30 CET, still the 25th
    await sell(cloud, fall, buyer, '2026-10-25T23:00:00Z', [{ tierId: fall.vip, quantity: 1 }]); // the 26th
    const hours = await s.promoter.api.get(
      `/events/${fall.eventId}/analytics/sales?from=2026-10-25T00:00:00Z&to=2026-10-25T02:00:00Z&interval=hour`,
    );
    expect(hours.buckets).toEqual([
      {
        start: '2026-10-25T00:00:00.000Z',
        local: '2026-10-25T02:00',
        currencies: [figures('EUR', { orders: 1, tickets: 1, gross: 2500 })],
      },
      {
        start: '2026-10-25T01:00:00.000Z',
        local: '2026-10-25T02:00',
        currencies: [figures('EUR', { orders: 1, tickets: 2, gross: 5000 })],
      },
    ]);
    const days = await s.promoter.api.get(
      `/events/${fall.eventId}/analytics/sales?from=2026-10-25T00:00:00%2B02:00&to=2026-10-27T00:00:00%2B01:00`,
    );
    expect(days.buckets).toEqual([
      {
        start: '2026-10-24T22:00:00.000Z',
        local: '2026-10-25T00:00',
        currencies: [figures('EUR', { orders: 3, tickets: 4, gross: 11500 })],
      },
      {
        start: '2026-10-25T23:00:00.000Z',
        local: '2026-10-26T00:00',
        currencies: [figures('EUR', { orders: 1, tickets: 1, gross: 4000 })],
      },
    ]);
  });

  describe('bad input: 400 naming the field', () => {
    const cases: [string, string][] = [
      ['timezone=Mars%2FOlympus_Mons', 'timezone'],
      ['timezone=%2B01:00', 'timezone'],
      ['from=2027-03-02T00:00:00Z&to=2027-03-01T00:00:00Z', 'from'],
      ['from=2025-01-01T00:00:00Z&to=2027-03-01T00:00:00Z&interval=hour', 'interval'],
      ['interval=minute', 'interval'],
      ['from=yesterday', 'from'],
    ];
    for (const [query, field] of cases)
      it(`${query} → 400 naming ${field}`, async () => {
        for (const path of [`/events/${s.eventId}`, `/organizations/${s.orgId}`]) {
          const res = await rawRequest(cloud, 'GET', `${path}/analytics/sales?${query}`, {
            token: s.promoter.accessToken,
          });
          expect(expectErrorBody(res, 400, 'BAD_REQUEST').message.startsWith(`${field}:`)).toBe(true);
        }
      });
  });

  describe('who may see revenue', () => {
    it('STAFF gets 403; another organization’s promoter and a buyer get 404', async () => {
      const staff = await registerAccount(cloud.api, 'Door staff');
      await s.promoter.api.post(`/organizations/${s.orgId}/members`, {
        email: staff.user.email,
        role: 'STAFF',
      });
      const stranger = await shop(cloud.api);
      for (const path of [
        `/events/${s.eventId}/analytics/sales`,
        `/organizations/${s.orgId}/analytics/sales`,
      ]) {
        await expectApiError(staff.api.get(path), 403, 'FORBIDDEN');
        await expectApiError(stranger.promoter.api.get(path), 404, 'NOT_FOUND');
      }
      const anonymous = await rawRequest(cloud, 'GET', `/organizations/${s.orgId}/analytics/sales`);
      expect(anonymous.status).toBe(401);
    });
  });
});
