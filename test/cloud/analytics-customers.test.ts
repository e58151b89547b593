import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { expectApiError, registerAccount } from '../helpers/factories.ts';
import { atTime, figures, refund, type ShopSetup, sell, shop } from './analytics-support.ts';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

describe('customers (OWNER/ADMIN only)', () => {
  let e1: ShopSetup;
  let e2: ShopSetup;
  const who: Record<string, { id: string; email: string }> = {};

  beforeAll(async () => {
    e1 = await shop(cloud.api);
    e2 = await shop(cloud.api, { promoter: e1.promoter, orgId: e1.orgId });
    const elsewhere = await shop(cloud.api);
    const [ann, bob, cy, dee] = await Promise.all(
      ['Ann', 'Bob', 'Cy', 'Dee'].map((name) => registerAccount(cloud.api, name)),
    );
    for (const [k, a] of Object.entries({ ann, bob, cy, dee }))
      who[k] = { id: a!.user.id, email: a!.user.email };
    await sell(cloud, e1, ann!, '2027-02-10T12:00:00Z', [{ tierId: e1.ga, quantity: 1 }]); // before the range
    await sell(cloud, e1, ann!, '2027-03-05T12:00:00Z', [{ tierId: e1.ga, quantity: 2 }]);
    const bobVip = await sell(cloud, e1, bob!, '2027-03-06T12:00:00Z', [{ tierId: e1.vip, quantity: 1 }]);
    await sell(cloud, e2, bob!, '2027-03-07T12:00:00Z', [{ tierId: e2.ga, quantity: 1 }]);
    await refund(cloud, e1, bobVip, '2027-03-08T12:00:00Z', 1000);
    await sell(cloud, e2, cy!, '2027-03-09T12:00:00Z', [{ tierId: e2.ga, quantity: 4 }]);
    await sell(cloud, elsewhere, dee!, '2027-03-10T12:00:00Z', [{ tierId: elsewhere.ga, quantity: 1 }]);
    await sell(cloud, e1, dee!, '2027-04-02T12:00:00Z', [{ tierId: e1.ga, quantity: 1 }]); // after the range
  });

  it('new against returning buyers, top buyers by net spend, buyers per event; none of another organization', async () => {
    const res = await e1.promoter.api.get(
      `/organizations/${e1.orgId}/analytics/customers?from=2027-03-01T00:00:00Z&to=2027-04-01T00:00:00Z`,
    );
    expect(res).toMatchObject({ buyers: 3, newBuyers: 2, returningBuyers: 1 });
    expect(res.topBuyers).toEqual([
      {
        userId: who.cy!.id,
        name: 'Cy',
        email: who.cy!.email,
        currency: 'EUR',
        orders: 1,
        tickets: 4,
        spentCents: 10000,
      },
      {
        userId: who.bob!.id,
        name: 'Bob',
        email: who.bob!.email,
        currency: 'EUR',
        orders: 2,
        tickets: 2,
        spentCents: 5500,
      },
      {
        userId: who.ann!.id,
        name: 'Ann',
        email: who.ann!.email,
        currency: 'EUR',
        orders: 1,
        tickets: 2,
        spentCents: 5000,
      },
    ]);
    expect(
      res.buyersPerEvent
        .map((e: { eventId: string; buyers: number; orders: number }) => [e.eventId, e.buyers, e.orders])
        .sort(),
    ).toEqual(
      [
        [e1.eventId, 2, 2],
        [e2.eventId, 2, 2],
      ].sort(),
    );
    const top2 = await e1.promoter.api.get(
      `/organizations/${e1.orgId}/analytics/customers?from=2027-03-01T00:00:00Z&to=2027-04-01T00:00:00Z&limit=2`,
    );
    expect(top2.topBuyers).toHaveLength(2);
  });

  it('ADMIN may read it; STAFF gets 403; another organization’s promoter 404; from after to 400', async () => {
    const admin = await registerAccount(cloud.api, 'Admin');
    const staff = await registerAccount(cloud.api, 'Staff');
    await e1.promoter.api.post(`/organizations/${e1.orgId}/members`, {
      email: admin.user.email,
      role: 'ADMIN',
    });
    await e1.promoter.api.post(`/organizations/${e1.orgId}/members`, {
      email: staff.user.email,
      role: 'STAFF',
    });
    const path = `/organizations/${e1.orgId}/analytics/customers?from=2027-03-01T00:00:00Z&to=2027-04-01T00:00:00Z`;
    expect((await admin.api.get(path)).buyers).toBe(3);
    await expectApiError(staff.api.get(path), 403, 'FORBIDDEN');
    const other = await shop(cloud.api);
    await expectApiError(other.promoter.api.get(path), 404, 'NOT_FOUND');
    const bad = await expectApiError(
      e1.promoter.api.get(
        `/organizations/${e1.orgId}/analytics/customers?from=2027-04-01T00:00:00Z&to=2027-03-01T00:00:00Z`,
      ),
      400,
      'BAD_REQUEST',
    );
    expect(bad.message.startsWith('from:')).toBe(true);
  });
});

describe('dashboard', () => {
  it('today, 7 and 30 calendar days in the zone, upcoming events against capacity, top events', async () => {
    const a = await shop(cloud.api, { capacity: 150 });
    const b = await shop(cloud.api, { promoter: a.promoter, orgId: a.orgId, capacity: 80 });
    const buyer = await registerAccount(cloud.api, 'Regular');
    await sell(cloud, a, buyer, '2027-03-28T08:00:00Z', [{ tierId: a.ga, quantity: 1 }]); // today
    await sell(cloud, a, buyer, '2027-03-27T23:30:00Z', [{ tierId: a.ga, quantity: 2 }]); // 00:30 CET: today in Berlin, yesterday in UTC
    await sell(cloud, b, buyer, '2027-03-22T12:00:00Z', [{ tierId: b.vip, quantity: 1 }]); // 6 days ago
    await sell(cloud, b, buyer, '2027-03-21T12:00:00Z', [{ tierId: b.ga, quantity: 1 }]); // 7 days ago
    await sell(cloud, a, buyer, '2027-02-20T12:00:00Z', [{ tierId: a.ga, quantity: 1 }]); // over 30 days ago
    await atTime(cloud, '2027-03-28T12:00:00Z', async (as) => {
      const api = await as(a.promoter);
      const berlin = await api.get(`/organizations/${a.orgId}/analytics/dashboard`);
      expect(berlin.timezone).toBe('Europe/Berlin');
      expect(berlin.sales).toEqual({
        today: [figures('EUR', { orders: 2, tickets: 3, gross: 7500 })],
        last7Days: [figures('EUR', { orders: 3, tickets: 4, gross: 11500 })],
        last30Days: [figures('EUR', { orders: 4, tickets: 5, gross: 14000 })],
      });
      const utc = await api.get(`/organizations/${a.orgId}/analytics/dashboard?timezone=UTC`);
      expect(utc.sales.today).toEqual([figures('EUR', { orders: 1, tickets: 1, gross: 2500 })]);
      const view = (s: ShopSetup, capacity: number, sold: number) => ({
        eventId: s.eventId,
        name: expect.any(String),
        status: 'PUBLISHED',
        startsAt: '2028-06-01T18:00:00.000Z',
        capacity,
        ticketsOnSale: 120,
        sold,
        held: 0,
        soldPercent: Math.round((sold / capacity) * 1000) / 10,
      });
      const [first, second] =
        a.eventId < b.eventId ? [view(a, 150, 4), view(b, 80, 2)] : [view(b, 80, 2), view(a, 150, 4)];
      expect(berlin.upcomingEvents).toEqual([first, second]);
      expect(berlin.topEvents).toEqual([view(a, 150, 4), view(b, 80, 2)]);
      const bad = await expectApiError(
        api.get(`/organizations/${a.orgId}/analytics/dashboard?timezone=Nowhere/Land`),
        400,
        'BAD_REQUEST',
      );
      expect(bad.message.startsWith('timezone:')).toBe(true);
    });
    const staff = await registerAccount(cloud.api, 'Usher');
    await a.promoter.api.post(`/organizations/${a.orgId}/members`, {
      email: staff.user.email,
      role: 'STAFF',
    });
    await expectApiError(staff.api.get(`/organizations/${a.orgId}/analytics/dashboard`), 403, 'FORBIDDEN');
  });
});
