import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeEvents } from '../../src/cloud/db/schema.ts';
import { sendPendingRefunds } from '../../src/cloud/payments/refunds.service.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import {
  type Account,
  expectApiError,
  type PromoterSetup,
  registerAccount,
  setupEvent,
} from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';
import {
  type FakeStripe,
  STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET,
  signedWebhook,
  startFakeStripe,
} from '../helpers/stripe-fake.ts';

let cloud: TestCloud;
let stripe: FakeStripe;
let eventCounter = 0;

beforeAll(async () => {
  stripe = startFakeStripe();
  cloud = await startTestCloud({ env: { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET } });
});
afterAll(async () => {
  await cloud?.close();
  stripe?.close();
});

async function deliver(
  event: Record<string, unknown>,
  options: { secret?: string; timestamp?: number; header?: string } = {},
) {
  const { payload, header } = signedWebhook(event, options);
  const res = await fetch(`${cloud.url}/api/v1/payments/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': options.header ?? header },
    body: payload,
  });
  return {
    status: res.status,
    body: (await res.json()) as { received?: boolean; duplicate?: boolean; error?: { message: string } },
  };
}

const succeeded = (pi: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  id: `evt_${++eventCounter}`,
  type: 'payment_intent.succeeded',
  data: { object: { ...pi, status: 'succeeded', amount_received: pi.amount, ...over } },
});
const chargeRefunded = (pi: Record<string, unknown>, amountRefunded: number) => ({
  id: `evt_${++eventCounter}`,
  type: 'charge.refunded',
  data: {
    object: {
      id: `ch_${eventCounter}`,
      object: 'charge',
      payment_intent: pi.id,
      amount: pi.amount,
      amount_refunded: amountRefunded,
    },
  },
});

interface Purchase {
  setup: PromoterSetup;
  buyer: Account;
  orderId: string;
  pi: Record<string, unknown>;
}

async function buyAndPay(quantity = 2, options: { tierQuantity?: number } = {}): Promise<Purchase> {
  const setup = await setupEvent(cloud.api, { quantity: options.tierQuantity ?? 100 });
  const buyer = await registerAccount(cloud.api, 'Card buyer');
  const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity }] });
  const payment = await buyer.api.post(`/orders/${order.id}/payment`);
  return { setup, buyer, orderId: order.id, pi: stripe.intents.get(payment.paymentIntentId)! };
}

const tickets = async (buyer: Account) =>
  (await buyer.api.get('/me/tickets')).data as { id: string; status: string; code: string }[];

describe('payments: happy path', () => {
  it('creates one PaymentIntent per order with the order id and a key derived from it, and returns it again', async () => {
    const { buyer, orderId, pi } = await buyAndPay(2);
    expect(pi).toMatchObject({ amount: 5000, currency: 'usd', metadata: { orderId } });
    const again = await buyer.api.post(`/orders/${orderId}/payment`);
    expect(again).toEqual({ clientSecret: pi.client_secret, paymentIntentId: pi.id, amountCents: 5000 });
    const creates = stripe.requests.filter(
      (r) => r.path === '/v1/payment_intents' && r.body.get('metadata[orderId]') === orderId,
    );
    expect(creates).toHaveLength(1);
    expect(creates[0]!.idempotencyKey).toBe(`tixmo-order-${orderId}-payment`);
  });

  it('concurrent payment calls get the same PaymentIntent', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api);
    const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
    const results = await Promise.all([1, 2, 3].map(() => buyer.api.post(`/orders/${order.id}/payment`)));
    expect(new Set(results.map((r) => r.paymentIntentId)).size).toBe(1);
  });

  it('payment_intent.succeeded confirms the order and issues its tickets; a redelivery does nothing', async () => {
    const { buyer, orderId, pi } = await buyAndPay(2);
    const event = succeeded(pi);
    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, duplicate: false } });
    const order = await buyer.api.get(`/orders/${orderId}`);
    expect(order).toMatchObject({
      status: 'CONFIRMED',
      payment: { paymentIntentId: pi.id, status: 'succeeded' },
    });
    expect(await tickets(buyer)).toHaveLength(2);
    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect(await tickets(buyer)).toHaveLength(2);
  });

  it('a second success event for the same order confirms once', async () => {
    const { buyer, pi } = await buyAndPay(3);
    await deliver(succeeded(pi));
    await deliver(succeeded(pi));
    expect(await tickets(buyer)).toHaveLength(3);
  });

  it('a failed payment is recorded and the hold stays', async () => {
    const { buyer, orderId, pi } = await buyAndPay(1);
    await deliver({
      id: `evt_${++eventCounter}`,
      type: 'payment_intent.payment_failed',
      data: {
        object: {
          ...pi,
          status: 'requires_payment_method',
          last_payment_error: { message: 'Your card was declined.' },
        },
      },
    });
    const order = await buyer.api.get(`/orders/${orderId}`);
    expect(order).toMatchObject({
      status: 'PENDING',
      payment: { status: 'requires_payment_method', lastError: 'Your card was declined.' },
    });
  });
});

describe('payments: out of order, late and wrong', () => {
  it('a success whose amount or currency differs from the order never confirms it', async () => {
    const { buyer, orderId, pi } = await buyAndPay(2);
    await deliver(succeeded(pi, { amount: 100, amount_received: 100 }));
    const order = await buyer.api.get(`/orders/${orderId}`);
    expect(order.status).toBe('PENDING');
    expect(order.statusReason).toMatch(/does not match the order total/);
    await deliver(succeeded(pi, { currency: 'eur' }));
    expect((await buyer.api.get(`/orders/${orderId}`)).status).toBe('PENDING');
    expect(await tickets(buyer)).toHaveLength(0);
  });

  it('a refund that arrives before the success cancels the order instead of issuing tickets', async () => {
    const { setup, buyer, orderId, pi } = await buyAndPay(2);
    await deliver(chargeRefunded(pi, 5000));
    await deliver(succeeded(pi));
    const order = await buyer.api.get(`/orders/${orderId}`);
    expect(order).toMatchObject({
      status: 'CANCELLED',
      refundedCents: 5000,
      statusReason: 'refunded before the payment was confirmed',
    });
    expect(await tickets(buyer)).toHaveLength(0);
    const tiers = await setup.promoter.api.get(`/events/${setup.eventId}/tiers`);
    expect(tiers.data.find((t: { id: string }) => t.id === setup.tierId).available).toBe(100);
  });

  it('a success after the hold expired confirms when the places are still free', async () => {
    const { buyer, orderId, pi } = await buyAndPay(1);
    const realNow = cloud.deps.now;
    cloud.deps.now = () => new Date(Date.now() + 60 * 60_000);
    try {
      // Stripe signs at the time it sends, an hour later too.
      await deliver(succeeded(pi), { timestamp: Math.floor(cloud.deps.now().getTime() / 1000) });
    } finally {
      cloud.deps.now = realNow;
    }
    const order = await buyer.api.get(`/orders/${orderId}`);
    expect(order).toMatchObject({
      status: 'CONFIRMED',
      statusReason: 'paid after the hold expired; the tickets were still available',
    });
    expect(await tickets(buyer)).toHaveLength(1);
  });

  it('a success after the hold expired and the places were sold is refunded automatically, and the order says why', async () => {
    const { setup, buyer, orderId, pi } = await buyAndPay(2, { tierQuantity: 2 });
    const realNow = cloud.deps.now;
    cloud.deps.now = () => new Date(Date.now() + 60 * 60_000);
    try {
      // The hold runs out and someone else buys the last two places at the box office.
      const { expireHolds } = await import('../../src/cloud/orders/holds.ts');
      expect(await expireHolds({ deps: cloud.deps })).toBeGreaterThanOrEqual(1);
    } finally {
      cloud.deps.now = realNow;
    }
    const other = await registerAccount(cloud.api);
    const theirs = await other.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 2 }] });
    await setup.promoter.api.post(`/orders/${theirs.id}/confirm`, { reason: 'paid cash at the door' });

    await deliver(succeeded(pi));
    const order = await buyer.api.get(`/orders/${orderId}`);
    expect(order).toMatchObject({ status: 'EXPIRED', refundedCents: 5000 });
    expect(order.statusReason).toMatch(/after the hold expired and the tickets were gone: refunded in full/);
    expect(order.refunds).toEqual([
      expect.objectContaining({ amountCents: 5000, provider: 'stripe', status: 'succeeded' }),
    ]);
    expect(stripe.refunds.filter((r) => r.payment_intent === pi.id)).toEqual([
      expect.objectContaining({ amount: 5000 }),
    ]);
    expect(await tickets(buyer)).toHaveLength(0);
  });

  it('a dispute marks the order', async () => {
    const { buyer, orderId, pi } = await buyAndPay(1);
    await deliver(succeeded(pi));
    await deliver({
      id: `evt_${++eventCounter}`,
      type: 'charge.dispute.created',
      data: { object: { id: 'dp_1', object: 'dispute', payment_intent: pi.id } },
    });
    expect(await buyer.api.get(`/orders/${orderId}`)).toMatchObject({ status: 'CONFIRMED', disputed: true });
  });

  it('a full refund made in the Stripe dashboard revokes the tickets', async () => {
    const { buyer, orderId, pi } = await buyAndPay(2);
    await deliver(succeeded(pi));
    await deliver(chargeRefunded(pi, 5000));
    expect((await buyer.api.get(`/orders/${orderId}`)).refundedCents).toBe(5000);
    expect((await tickets(buyer)).map((t) => t.status)).toEqual(['REFUNDED', 'REFUNDED']);
  });
});

describe('payments: Stripe failures', () => {
  it('a 500 from Stripe is retried by the SDK with the same idempotency key: one PaymentIntent', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api);
    const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
    stripe.failNext('/v1/payment_intents', 500);
    const payment = await buyer.api.post(`/orders/${order.id}/payment`);
    const attempts = stripe.requests.filter(
      (r) => r.path === '/v1/payment_intents' && r.body.get('metadata[orderId]') === order.id,
    );
    expect(attempts).toHaveLength(2);
    expect(new Set(attempts.map((a) => a.idempotencyKey))).toEqual(
      new Set([`tixmo-order-${order.id}-payment`]),
    );
    expect(
      [...stripe.intents.values()].filter((i) => (i.metadata as { orderId: string }).orderId === order.id),
    ).toHaveLength(1);
    expect(payment.paymentIntentId).toMatch(/^pi_fake_/);
  });

  it('a 429 is answered 503; calling again reuses the key and makes one PaymentIntent', async () => {
    const setup = await setupEvent(cloud.api);
    const buyer = await registerAccount(cloud.api);
    const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
    stripe.failNext('/v1/payment_intents', 429);
    await expectApiError(buyer.api.post(`/orders/${order.id}/payment`), 503, 'UNAVAILABLE');
    await buyer.api.post(`/orders/${order.id}/payment`);
    const attempts = stripe.requests.filter(
      (r) => r.path === '/v1/payment_intents' && r.body.get('metadata[orderId]') === order.id,
    );
    expect(attempts.map((a) => a.idempotencyKey)).toEqual([
      `tixmo-order-${order.id}-payment`,
      `tixmo-order-${order.id}-payment`,
    ]);
    expect(
      [...stripe.intents.values()].filter((i) => (i.metadata as { orderId: string }).orderId === order.id),
    ).toHaveLength(1);
  });

  it('a refund Stripe cannot take now stays pending and the sweep sends it once, with the same key', async () => {
    const { setup, buyer, orderId, pi } = await buyAndPay(1);
    await deliver(succeeded(pi));
    stripe.failNext('/v1/refunds', 500, 500, 500, 500);
    const refund = await setup.promoter.api.post(`/orders/${orderId}/refunds`, {});
    expect(refund).toMatchObject({ status: 'pending', provider: 'stripe', amountCents: 2500 });
    expect((await tickets(buyer))[0]!.status).toBe('REFUNDED');
    // The cloud's own 30 s sweep may get there first (or be running now: this call then
    // waits for it); either way the refund goes out once more, with the same key.
    await sendPendingRefunds({ deps: cloud.deps });
    const sent = stripe.requests.filter(
      (r) => r.path === '/v1/refunds' && r.idempotencyKey === `tixmo-refund-${refund.id}`,
    );
    expect(sent.length).toBe(5);
    expect(stripe.refunds.filter((r) => r.payment_intent === pi.id)).toHaveLength(1);
    const order = await buyer.api.get(`/orders/${orderId}`);
    expect(order.refunds).toEqual([expect.objectContaining({ id: refund.id, status: 'succeeded' })]);
  });
  it('a sweep running while a refund’s first send still rides out an outage leaves that refund to it', async () => {
    const { setup, orderId, pi } = await buyAndPay(1);
    await deliver(succeeded(pi));
    const before = stripe.requests.filter((r) => r.path === '/v1/refunds').length;
    stripe.failNext('/v1/refunds', 500, 500, 500, 500);
    const first = setup.promoter.api.post(`/orders/${orderId}/refunds`, {});
    // The first attempt has reached Stripe; the SDK's retries take a few seconds more.
    await eventually(
      () => (stripe.requests.filter((r) => r.path === '/v1/refunds').length > before ? true : undefined),
      'the first send reached Stripe',
    );
    await sendPendingRefunds({ deps: cloud.deps });
    const refund = await first;
    expect(refund).toMatchObject({ status: 'pending' });
    // Only the first send's own four tries: the sweep sent nothing beside it.
    expect(stripe.requests.filter((r) => r.idempotencyKey === `tixmo-refund-${refund.id}`)).toHaveLength(4);
  });
});

describe('payments: webhook security', () => {
  it('rejects a forged signature, a stale timestamp and a missing header with 400, and applies nothing', async () => {
    const { buyer, orderId, pi } = await buyAndPay(1);
    const forged = await deliver(succeeded(pi), { secret: 'whsec_not_the_secret' });
    expect(forged.status).toBe(400);
    expect(forged.body.error!.message).toMatch(/signature/);
    const stale = await deliver(succeeded(pi), { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(400);
    expect(stale.body.error!.message).toMatch(/tolerance|timestamp/i);
    const res = await fetch(`${cloud.url}/api/v1/payments/webhook`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect((await buyer.api.get(`/orders/${orderId}`)).status).toBe('PENDING');
  });

  it('only the buyer may start a payment', async () => {
    const { orderId } = await buyAndPay(1);
    const stranger = await registerAccount(cloud.api);
    await expectApiError(stranger.api.post(`/orders/${orderId}/payment`), 404, 'NOT_FOUND');
    const res = await fetch(`${cloud.url}/api/v1/orders/${orderId}/payment`, { method: 'POST' });
    expect(res.status).toBe(401);
  });
});

describe('payments: webhook hardening', () => {
  it('refuses a signature stamped beyond the tolerance ahead as well as behind', async () => {
    const { buyer, orderId, pi } = await buyAndPay(1);
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now + 600, now - 600]) {
      const res = await deliver(succeeded(pi), { timestamp });
      expect(res.status).toBe(400);
      expect(res.body.error!.message).toMatch(/tolerance/);
    }
    expect((await buyer.api.get(`/orders/${orderId}`)).status).toBe('PENDING');
    // Inside the tolerance either way is fine (clocks differ a little).
    expect((await deliver(succeeded(pi), { timestamp: now + 60 })).status).toBe(200);
    expect((await buyer.api.get(`/orders/${orderId}`)).status).toBe('CONFIRMED');
  });

  it('a signed event without a usable object is refused once (400), recorded, then acknowledged so Stripe stops', async () => {
    const { buyer, orderId, pi } = await buyAndPay(1);
    const unusable: [string, Record<string, unknown>][] = [
      ['data null', { id: `evt_${++eventCounter}`, type: 'payment_intent.succeeded', data: null }],
      [
        'no object',
        { id: `evt_${++eventCounter}`, type: 'payment_intent.succeeded', data: { object: null } },
      ],
      ['amount as text', succeeded(pi, { amount: '2500', amount_received: '2500' })],
      ['amount past int4', succeeded(pi, { amount: 2 ** 31, amount_received: 2 ** 31 })],
      [
        'refund without its amount',
        { id: `evt_${++eventCounter}`, type: 'charge.refunded', data: { object: { payment_intent: pi.id } } },
      ],
      ['an ignored type without data', { id: `evt_${++eventCounter}`, type: 'customer.created', data: null }],
    ];
    for (const [label, event] of unusable) {
      const first = await deliver(event);
      expect(first.status, label).toBe(400);
      expect(first.body.error!.message, label).toMatch(
        new RegExp(`webhook event ${event.id} .*unusable: data`),
      );
      const again = await deliver(event);
      expect(again, label).toEqual({ status: 200, body: { received: true, duplicate: true } });
      const [row] = await cloud.deps.db
        .select()
        .from(stripeEvents)
        .where(eq(stripeEvents.id, String(event.id)));
      expect(row?.problem, label).toMatch(/^data/);
    }
    expect((await buyer.api.get(`/orders/${orderId}`)).status).toBe('PENDING');
    expect((await deliver(succeeded(pi))).status).toBe(200);
    expect((await buyer.api.get(`/orders/${orderId}`)).status).toBe('CONFIRMED');
  });

  it('a wrong-amount payment never rewrites a confirmed order or its payment', async () => {
    const { buyer, orderId, pi } = await buyAndPay(2);
    await deliver(succeeded(pi));
    const before = await buyer.api.get(`/orders/${orderId}`);
    expect(before).toMatchObject({ status: 'CONFIRMED', statusReason: null });
    const wrong = await deliver(
      succeeded(pi, { amount: 100, amount_received: 100, status: 'requires_capture' }),
    );
    expect(wrong.status).toBe(200);
    expect(await buyer.api.get(`/orders/${orderId}`)).toEqual(before);
    expect(await tickets(buyer)).toHaveLength(2);
  });
});

describe('payments: who may confirm a card order', () => {
  it('STAFF and ADMIN cannot confirm an unpaid card order, even their own; an OWNER can, with a reason, and the order says who', async () => {
    const setup = await setupEvent(cloud.api);
    const owner = setup.promoter;
    const staff = await registerAccount(cloud.api, 'Door staff');
    const admin = await registerAccount(cloud.api, 'Admin');
    await owner.api.post(`/organizations/${setup.orgId}/members`, { email: staff.user.email, role: 'STAFF' });
    await owner.api.post(`/organizations/${setup.orgId}/members`, { email: admin.user.email, role: 'ADMIN' });
    const own = await staff.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 2 }] });
    for (const member of [staff, admin]) {
      const err = await expectApiError(
        member.api.post(`/orders/${own.id}/confirm`, { reason: 'paid cash' }),
        403,
        'FORBIDDEN',
      );
      expect(err.message).toMatch(/confirmed by its payment/);
    }
    const noReason = await expectApiError(owner.api.post(`/orders/${own.id}/confirm`), 400, 'BAD_REQUEST');
    expect(noReason.message).toMatch(/^reason: /);
    expect((await staff.api.get(`/orders/${own.id}`)).status).toBe('PENDING');
    expect(await tickets(staff)).toHaveLength(0);

    const confirmed = await owner.api.post(`/orders/${own.id}/confirm`, { reason: 'paid cash at the door' });
    expect(confirmed.status).toBe('CONFIRMED');
    const order = await staff.api.get(`/orders/${own.id}`);
    expect(order.confirmation).toMatchObject({
      method: 'box_office',
      by: { userId: owner.user.id, name: 'Promoter' },
      reason: 'paid cash at the door',
    });
    expect(await tickets(staff)).toHaveLength(2);
  });

  it('an order confirmed by its payment says so', async () => {
    const { buyer, orderId, pi } = await buyAndPay(1);
    await deliver(succeeded(pi));
    const order = await buyer.api.get(`/orders/${orderId}`);
    expect(order.confirmation).toMatchObject({ method: 'payment', by: null, reason: null });
  });
});

describe('without Stripe keys', () => {
  let plain: TestCloud;
  beforeAll(async () => {
    plain = await startTestCloud();
  });
  afterAll(async () => {
    await plain?.close();
  });

  it('card payments answer 409 and the webhook 404; the box office still confirms, and the order says who', async () => {
    const setup = await setupEvent(plain.api);
    const buyer = await registerAccount(plain.api);
    const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
    const err = await expectApiError(buyer.api.post(`/orders/${order.id}/payment`), 409, 'CONFLICT');
    expect(err.message).toMatch(/box office/);
    expect((await fetch(`${plain.url}/api/v1/payments/webhook`, { method: 'POST', body: '{}' })).status).toBe(
      404,
    );
    const staff = await registerAccount(plain.api, 'Box office');
    await setup.promoter.api.post(`/organizations/${setup.orgId}/members`, {
      email: staff.user.email,
      role: 'STAFF',
    });
    expect((await staff.api.post(`/orders/${order.id}/confirm`)).status).toBe('CONFIRMED');
    expect((await buyer.api.get(`/orders/${order.id}`)).confirmation).toMatchObject({
      method: 'box_office',
      by: { userId: staff.user.id, name: 'Box office' },
      reason: null,
    });
  });
});
