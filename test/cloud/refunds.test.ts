import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, expectApiError, registerAccount, setupEvent } from '../helpers/factories.ts';
import {
  type FakeStripe,
  STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET,
  startFakeStripe,
} from '../helpers/stripe-fake.ts';

let cloud: TestCloud;
let stripe: FakeStripe;

beforeAll(async () => {
  stripe = startFakeStripe();
  cloud = await startTestCloud({ env: { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET } });
});
afterAll(async () => {
  await cloud?.close();
  stripe?.close();
});

async function manifestStatus(token: string, ticketId: string): Promise<string | undefined> {
  let cursor = '';
  let status: string | undefined;
  for (;;) {
    const res = await fetch(`${cloud.url}/api/v1/sync/manifest?cursor=${encodeURIComponent(cursor)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await res.json()) as {
      tickets: { id: string; status: string }[];
      cursor: string;
      hasMore: boolean;
    };
    for (const t of page.tickets) if (t.id === ticketId) status = t.status;
    cursor = page.cursor;
    if (!page.hasMore) return status;
  }
}

const available = async (setup: Awaited<ReturnType<typeof setupEvent>>) =>
  (await setup.promoter.api.get(`/events/${setup.eventId}/tiers`)).data.find(
    (t: { id: string }) => t.id === setup.tierId,
  ).available;

describe('refunds: box-office orders', () => {
  it('refunds chosen tickets: recorded without Stripe, revoked in the manifest, places back on sale', async () => {
    const setup = await setupEvent(cloud.api, { quantity: 10 });
    const { buyer, orderId, tickets } = await buyTickets(cloud.api, setup, 3);
    const stripeCalls = stripe.requests.length;
    expect(await available(setup)).toBe(7);
    const refund = await setup.promoter.api.post(`/orders/${orderId}/refunds`, {
      ticketIds: [tickets[0]!.id],
      reason: 'cannot come',
    });
    expect(refund).toMatchObject({
      provider: 'box_office',
      status: 'succeeded',
      amountCents: 2500,
      ticketIds: [tickets[0]!.id],
      reason: 'cannot come',
    });
    expect(stripe.requests.length).toBe(stripeCalls);
    expect(await available(setup)).toBe(8);
    const mine = (await buyer.api.get('/me/tickets')).data as { id: string; status: string }[];
    expect(mine.find((t) => t.id === tickets[0]!.id)!.status).toBe('REFUNDED');
    expect(mine.filter((t) => t.status === 'VALID')).toHaveLength(2);
    expect(await manifestStatus(setup.node.token, tickets[0]!.id)).toBe('REFUNDED');
    const order = await buyer.api.get(`/orders/${orderId}`);
    expect(order).toMatchObject({ refundedCents: 2500, status: 'CONFIRMED' });
    expect(order.refunds).toHaveLength(1);
  });

  it('a partial amount keeps the tickets; refunding the rest revokes them all', async () => {
    const setup = await setupEvent(cloud.api);
    const { orderId, tickets } = await buyTickets(cloud.api, setup, 2);
    const part = await setup.promoter.api.post(`/orders/${orderId}/refunds`, { amountCents: 1000 });
    expect(part).toMatchObject({ amountCents: 1000, ticketIds: [] });
    const rest = await setup.promoter.api.post(`/orders/${orderId}/refunds`, {});
    expect(rest.amountCents).toBe(4000);
    expect([...rest.ticketIds].sort()).toEqual(tickets.map((t) => t.id).sort());
    const err = await expectApiError(
      setup.promoter.api.post(`/orders/${orderId}/refunds`, {}),
      409,
      'CONFLICT',
    );
    expect(err.message).toMatch(/nothing left/);
  });
});

describe('refunds: with the box office’s other paths', () => {
  it('a refunded place goes to the first buyer on the waitlist', async () => {
    const setup = await setupEvent(cloud.api, { quantity: 2 });
    const { orderId, tickets } = await buyTickets(cloud.api, setup, 2);
    const waiting = await registerAccount(cloud.api, 'Waiting');
    await waiting.api.post(`/tiers/${setup.tierId}/waitlist`, { quantity: 1 });
    await setup.promoter.api.post(`/orders/${orderId}/refunds`, { ticketIds: [tickets[1]!.id] });
    const [entry] = (await waiting.api.get('/me/waitlist')).data;
    expect(entry).toMatchObject({ status: 'OFFERED', offer: expect.objectContaining({ status: 'PENDING' }) });
  });

  it('orders of a cancelled event are refundable once, and the refund clears refundDue', async () => {
    const setup = await setupEvent(cloud.api);
    const { buyer, orderId } = await buyTickets(cloud.api, setup, 2);
    await setup.promoter.api.post(`/events/${setup.eventId}/cancel`, {});
    expect(await buyer.api.get(`/orders/${orderId}`)).toMatchObject({ status: 'CANCELLED', refundDue: true });
    const refund = await setup.promoter.api.post(`/orders/${orderId}/refunds`, {});
    expect(refund).toMatchObject({ amountCents: 5000, ticketIds: [], provider: 'box_office' });
    expect(await buyer.api.get(`/orders/${orderId}`)).toMatchObject({
      refundDue: false,
      refundedCents: 5000,
    });
    await expectApiError(setup.promoter.api.post(`/orders/${orderId}/refunds`, {}), 409, 'CONFLICT');
  });
});

describe('refunds: errors', () => {
  it('more than is left, a ticket of another order, and an unconfirmed order are refused', async () => {
    const setup = await setupEvent(cloud.api);
    const { orderId } = await buyTickets(cloud.api, setup, 1);
    const other = await buyTickets(cloud.api, setup, 1);
    expect(
      (
        await expectApiError(
          setup.promoter.api.post(`/orders/${orderId}/refunds`, { amountCents: 99_999 }),
          400,
        )
      ).message,
    ).toMatch(/at most 2500/);
    expect(
      (
        await expectApiError(
          setup.promoter.api.post(`/orders/${orderId}/refunds`, { ticketIds: [other.tickets[0]!.id] }),
          400,
        )
      ).message,
    ).toMatch(/ticketIds: .* is not a valid ticket of this order/);
    await expectApiError(
      setup.promoter.api.post(`/orders/${orderId}/refunds`, { amountCents: -5 }),
      400,
      'BAD_REQUEST',
    );
    const buyer = await registerAccount(cloud.api);
    const pending = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
    await expectApiError(setup.promoter.api.post(`/orders/${pending.id}/refunds`, {}), 409, 'CONFLICT');
  });
});

describe('refunds: security', () => {
  it('only the event organization’s OWNER/ADMIN refund: buyer and outsiders 404, STAFF 403, anonymous 401', async () => {
    const setup = await setupEvent(cloud.api);
    const { buyer, orderId } = await buyTickets(cloud.api, setup, 1);
    await expectApiError(buyer.api.post(`/orders/${orderId}/refunds`, {}), 404, 'NOT_FOUND');
    const outsider = await setupEvent(cloud.api);
    await expectApiError(outsider.promoter.api.post(`/orders/${orderId}/refunds`, {}), 404, 'NOT_FOUND');
    const res = await fetch(`${cloud.url}/api/v1/orders/${orderId}/refunds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    // A STAFF member (box office) may not refund.
    const staff = await registerAccount(cloud.api, 'Staff');
    await cloud.deps.db.execute(
      (await import('drizzle-orm'))
        .sql`insert into memberships (org_id, user_id, role) values (${setup.orgId}, ${staff.user.id}, 'STAFF')`,
    );
    await expectApiError(staff.api.post(`/orders/${orderId}/refunds`, {}), 403, 'FORBIDDEN');
    expect((await buyer.api.get(`/orders/${orderId}`)).refundedCents).toBe(0);
  });
});
