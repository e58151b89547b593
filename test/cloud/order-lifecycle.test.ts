import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, expectApiError, registerAccount, setupEvent } from '../helpers/factories.ts';
import { expectErrorBody, rawRequest, withClockAhead } from './support.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

function order(token: string, body: object, key?: string) {
  return fetch(`${cloud.url}/api/v1/orders`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely in tests
  }).then(async (r) => ({ status: r.status, headers: r.headers, body: (await r.json()) as any }));
}

describe('order lifecycle', () => {
  describe('happy path', () => {
    it('an order holds several tiers of one event at once', async () => {
      const setup = await setupEvent(cloud.api);
      const vip = await setup.promoter.api.post(`/events/${setup.eventId}/tiers`, {
        name: 'VIP',
        priceCents: 9000,
        quantity: 5,
      });
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const placed = await buyer.api.post('/orders', {
        items: [
          { tierId: setup.tierId, quantity: 2 },
          { tierId: vip.id, quantity: 1 },
        ],
      });
      expect(placed).toMatchObject({ status: 'PENDING', subtotalCents: 14_000, totalCents: 14_000 });
      const read = await buyer.api.get(`/orders/${placed.id}`);
      expect(read.items).toHaveLength(2);
    });

    it('the same Idempotency-Key and body return the same order; another body with that key is 409', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const body = { items: [{ tierId: setup.tierId, quantity: 2 }] };
      const first = await order(buyer.accessToken, body, 'checkout-1');
      const again = await order(buyer.accessToken, body, 'checkout-1');
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const other = await order(
        buyer.accessToken,
        { items: [{ tierId: setup.tierId, quantity: 3 }] },
        'checkout-1',
      );
      expect(other.status).toBe(409);
      expect(other.body.error.message).toMatch(/^Idempotency-Key: this key was used for a different order/);
      // Keys belong to one buyer: another buyer's same key is a new order.
      const stranger = await registerAccount(cloud.api, 'Stranger');
      const theirs = await order(stranger.accessToken, body, 'checkout-1');
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(first.body.id);
    });

    it('a buyer cancels a pending order and its hold is released at once', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 3 });
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const placed = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 3 }] });
      const cancelled = await buyer.api.post(`/orders/${placed.id}/cancel`);
      expect(cancelled).toMatchObject({
        status: 'CANCELLED',
        cancelledAt: expect.any(String),
        refundDue: false,
      });
      expect(await buyer.api.get(`/tiers/${setup.tierId}/availability`)).toMatchObject({ available: 3 });
    });

    it('an OWNER cancels a confirmed order: its tickets are cancelled and it is marked for refund', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 3 });
      const { buyer, orderId } = await buyTickets(cloud.api, setup, 2);
      const cancelled = await setup.promoter.api.post(`/orders/${orderId}/cancel`);
      expect(cancelled).toMatchObject({ status: 'CANCELLED', refundDue: true });
      const mine = await buyer.api.get('/me/tickets');
      expect(mine.data.map((t: { status: string }) => t.status)).toEqual(['CANCELLED', 'CANCELLED']);
      expect(await buyer.api.get(`/tiers/${setup.tierId}/availability`)).toMatchObject({
        sold: 0,
        available: 3,
      });
    });

    it('buyers list their orders and the organization lists the event’s, newest first with a cursor', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const ids: string[] = [];
      for (let i = 0; i < 3; i++)
        ids.push((await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] })).id);
      const page1 = await buyer.api.get('/me/orders?limit=2');
      expect(page1.data.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]]);
      const page2 = await buyer.api.get(`/me/orders?limit=2&cursor=${page1.nextCursor}`);
      expect(page2).toMatchObject({ data: [{ id: ids[0] }], nextCursor: null });
      const other = await registerAccount(cloud.api, 'Other');
      await other.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
      const ofEvent = await setup.promoter.api.get(`/events/${setup.eventId}/orders`);
      expect(ofEvent.data).toHaveLength(4);
    });

    it('reading an order whose hold ran out shows it EXPIRED and gives the inventory back', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 2 });
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const placed = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 2 }] });
      const read = await withClockAhead(cloud, 16 * 60_000, async () => {
        const s = await cloud.api.post('/auth/login', {
          email: buyer.user.email,
          password: 'correct horse battery',
        });
        return cloud.api.as(s.accessToken).get(`/orders/${placed.id}`);
      });
      expect(read.status).toBe('EXPIRED');
      expect(await buyer.api.get(`/tiers/${setup.tierId}/availability`)).toMatchObject({
        held: 0,
        available: 2,
      });
    });
  });

  describe('errors', () => {
    it('cancelling twice is 409; a bad Idempotency-Key is 400; tiers of two events in one order is 400', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const placed = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
      await buyer.api.post(`/orders/${placed.id}/cancel`);
      await expectApiError(buyer.api.post(`/orders/${placed.id}/cancel`), 409, 'CONFLICT');
      const long = await order(
        buyer.accessToken,
        { items: [{ tierId: setup.tierId, quantity: 1 }] },
        'k'.repeat(201),
      );
      expect(long.status).toBe(400);
      expect(long.body.error.message).toMatch(/^idempotency-key: /);
      const other = await setupEvent(cloud.api);
      const mixed = await expectApiError(
        buyer.api.post('/orders', {
          items: [
            { tierId: setup.tierId, quantity: 1 },
            { tierId: other.tierId, quantity: 1 },
          ],
        }),
        400,
      );
      expect(mixed.message).toBe('items: all tiers of one order must belong to one event');
    });

    it('a multi-tier order that cannot be filled takes nothing from any tier', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 5 });
      const small = await setup.promoter.api.post(`/events/${setup.eventId}/tiers`, {
        name: 'Small',
        priceCents: 100,
        quantity: 1,
      });
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const err = await expectApiError(
        buyer.api.post('/orders', {
          items: [
            { tierId: setup.tierId, quantity: 2 },
            { tierId: small.id, quantity: 2 },
          ],
        }),
        409,
        'SOLD_OUT',
      );
      expect(err.message).toBe('"Small" has only 1 left');
      expect(await buyer.api.get(`/tiers/${setup.tierId}/availability`)).toMatchObject({ available: 5 });
    });
  });

  describe('security', () => {
    it('a buyer cannot read, cancel or list someone else’s order: 404', async () => {
      const setup = await setupEvent(cloud.api);
      const owner = await registerAccount(cloud.api, 'Owner');
      const placed = await owner.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
      const thief = await registerAccount(cloud.api, 'Thief');
      expectErrorBody(
        await rawRequest(cloud, 'GET', `/orders/${placed.id}`, { token: thief.accessToken }),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await rawRequest(cloud, 'POST', `/orders/${placed.id}/cancel`, { token: thief.accessToken }),
        404,
        'NOT_FOUND',
      );
      expect((await thief.api.get('/me/orders')).data).toEqual([]);
      expectErrorBody(
        await rawRequest(cloud, 'GET', `/events/${setup.eventId}/orders`, { token: thief.accessToken }),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(await rawRequest(cloud, 'GET', '/me/orders'), 401, 'UNAUTHORIZED');
    });

    it('another organization cannot list or cancel an event’s orders; a buyer cannot cancel a confirmed order', async () => {
      const setup = await setupEvent(cloud.api);
      const rival = await setupEvent(cloud.api);
      const { buyer, orderId } = await buyTickets(cloud.api, setup, 1);
      const token = rival.promoter.accessToken;
      expectErrorBody(
        await rawRequest(cloud, 'GET', `/events/${setup.eventId}/orders`, { token }),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await rawRequest(cloud, 'POST', `/orders/${orderId}/cancel`, { token }),
        404,
        'NOT_FOUND',
      );
      await expectApiError(buyer.api.post(`/orders/${orderId}/cancel`), 403, 'FORBIDDEN');
    });
  });
});
