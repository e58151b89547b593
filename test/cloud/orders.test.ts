import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireHolds } from '../../src/cloud/orders/holds.ts';
import type { CloudApi } from '../../src/demo/api-client.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import {
  type Account,
  expectApiError,
  type PromoterSetup,
  registerAccount,
  setupEvent,
} from '../helpers/factories.ts';
import { expectErrorBody, FACTORY_PASSWORD, rawRequest, withClockAhead } from './support.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

const HOLD_MS = 15 * 60_000;

async function tierAvailable(setup: PromoterSetup, tierId: string): Promise<number> {
  const list = await setup.promoter.api.get(`/events/${setup.eventId}/tiers`);
  const tier = (list.data as { id: string; available: number }[]).find((t) => t.id === tierId);
  if (!tier) throw new Error(`tier ${tierId} not listed`);
  return tier.available;
}

/** A fresh session for an account, signed at the cloud's current (possibly moved) clock. */
async function logInAgain(account: Account): Promise<{ api: CloudApi; accessToken: string }> {
  const session = await cloud.api.post('/auth/login', {
    email: account.user.email,
    password: FACTORY_PASSWORD,
  });
  return { api: cloud.api.as(session.accessToken), accessToken: session.accessToken };
}

describe('orders', () => {
  describe('happy path', () => {
    it('a paid order is 201 PENDING with a hold about 15 minutes ahead', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const before = Date.now();
      const res = await rawRequest(cloud, 'POST', '/orders', {
        token: buyer.accessToken,
        json: { items: [{ tierId: setup.tierId, quantity: 2 }] },
      });
      const after = Date.now();
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        eventId: setup.eventId,
        status: 'PENDING',
        totalCents: 5000,
        currency: 'USD',
        confirmedAt: null,
      });
      const expiresAt = new Date(res.body.expiresAt).getTime();
      expect(expiresAt).toBeGreaterThanOrEqual(before + HOLD_MS);
      expect(expiresAt).toBeLessThanOrEqual(after + HOLD_MS);
      expect(await tierAvailable(setup, setup.tierId)).toBe(98);
      // Nothing is issued until it is paid.
      expect((await buyer.api.get('/me/tickets')).data).toEqual([]);
    });

    it('an order on a free tier is CONFIRMED at once and its tickets carry codes', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api, 'Guest');
      const order = await buyer.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 2 }] });
      expect(order).toMatchObject({
        status: 'CONFIRMED',
        totalCents: 0,
        expiresAt: null,
        confirmedAt: expect.any(String),
      });
      const mine = await buyer.api.get('/me/tickets');
      expect(mine.data).toHaveLength(2);
      for (const ticket of mine.data) {
        expect(ticket).toMatchObject({
          orderId: order.id,
          eventId: setup.eventId,
          tierId: setup.freeTierId,
          status: 'VALID',
        });
        expect(ticket.code).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      }
      expect(new Set(mine.data.map((t: { id: string }) => t.id)).size).toBe(2);
      expect(await tierAvailable(setup, setup.freeTierId)).toBe(48);
    });

    it('the event organization’s OWNER confirms a pending order (200) and the buyer gets the tickets', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 3 }] });
      const res = await rawRequest(cloud, 'POST', `/orders/${order.id}/confirm`, {
        token: setup.promoter.accessToken,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: order.id, status: 'CONFIRMED', confirmedAt: expect.any(String) });

      const mine = await rawRequest(cloud, 'GET', '/me/tickets', { token: buyer.accessToken });
      expect(mine.status).toBe(200);
      expect(Object.keys(mine.body)).toEqual(['data']);
      expect(mine.body.data).toHaveLength(3);
      for (const ticket of mine.body.data) {
        expect(Object.keys(ticket).sort()).toEqual([
          'attendeeEmail',
          'attendeeName',
          'checkedInAt',
          'code',
          'eventId',
          'id',
          'inside',
          'lastScanAt',
          'orderId',
          'status',
          'tierId',
          'version',
        ]);
        expect(ticket).toEqual({
          id: expect.any(String),
          orderId: order.id,
          eventId: setup.eventId,
          tierId: setup.tierId,
          status: 'VALID',
          version: 1,
          attendeeName: null,
          attendeeEmail: null,
          checkedInAt: null,
          lastScanAt: null,
          inside: false,
          code: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        });
      }
      // The promoter holds none of them.
      expect((await setup.promoter.api.get('/me/tickets')).data).toEqual([]);
    });

    it('confirming twice is harmless: no second set of tickets', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api);
      const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 2 }] });
      await setup.promoter.api.post(`/orders/${order.id}/confirm`);
      const again = await setup.promoter.api.post(`/orders/${order.id}/confirm`);
      expect(again.status).toBe('CONFIRMED');
      expect((await buyer.api.get('/me/tickets')).data).toHaveLength(2);
      expect(await tierAvailable(setup, setup.tierId)).toBe(98);
    });

    it('the buyer and the organization can read the order with its items', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api);
      const order = await buyer.api.post('/orders', {
        items: [
          { tierId: setup.tierId, quantity: 1 },
          { tierId: setup.freeTierId, quantity: 2 },
          { tierId: setup.tierId, quantity: 1 },
        ],
      });
      expect(order.totalCents).toBe(5000);
      const seen = await buyer.api.get(`/orders/${order.id}`);
      expect(seen).toMatchObject({ id: order.id, status: 'PENDING', totalCents: 5000 });
      expect(seen.items).toHaveLength(2);
      expect(seen.items).toContainEqual({ tierId: setup.tierId, quantity: 2, unitPriceCents: 2500 });
      expect(seen.items).toContainEqual({ tierId: setup.freeTierId, quantity: 2, unitPriceCents: 0 });
      expect(await setup.promoter.api.get(`/orders/${order.id}`)).toEqual(seen);
    });

    it('expireHolds releases the inventory of holds that ran out, and only those', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 10 });
      const early = await registerAccount(cloud.api);
      const late = await registerAccount(cloud.api);
      const stale = await early.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 4 }] });
      const fresh = await withClockAhead(cloud, 10 * 60_000, async () => {
        const { api } = await logInAgain(late);
        return api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 3 }] });
      });
      expect(await tierAvailable(setup, setup.tierId)).toBe(3);

      // 16 minutes on: the first hold ran out, the second (made at +10 min) has not.
      const released = await withClockAhead(cloud, 16 * 60_000, () => expireHolds({ deps: cloud.deps }));
      expect(released).toBeGreaterThanOrEqual(1);

      expect((await early.api.get(`/orders/${stale.id}`)).status).toBe('EXPIRED');
      expect((await setup.promoter.api.get(`/orders/${fresh.id}`)).status).toBe('PENDING');
      expect(await tierAvailable(setup, setup.tierId)).toBe(7);

      // A second sweep finds nothing more of this event to release.
      await withClockAhead(cloud, 16 * 60_000, () => expireHolds({ deps: cloud.deps }));
      expect(await tierAvailable(setup, setup.tierId)).toBe(7);
    });
  });

  describe('errors', () => {
    it('a sold-out tier is 409 SOLD_OUT saying so', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 2 });
      const first = await registerAccount(cloud.api);
      const second = await registerAccount(cloud.api);
      await first.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 2 }] });
      const res = await rawRequest(cloud, 'POST', '/orders', {
        token: second.accessToken,
        json: { items: [{ tierId: setup.tierId, quantity: 1 }] },
      });
      expect(expectErrorBody(res, 409, 'SOLD_OUT').message).toMatch(/sold out/);
      expect(await tierAvailable(setup, setup.tierId)).toBe(0);
    });

    it('asking for more than is left is 409 SOLD_OUT saying how many are left', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 5 });
      const first = await registerAccount(cloud.api);
      await first.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 3 }] });
      const second = await registerAccount(cloud.api);
      const error = await expectApiError(
        second.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 3 }] }),
        409,
        'SOLD_OUT',
      );
      expect(error.message).toContain('only 2 left');
      expect(await tierAvailable(setup, setup.tierId)).toBe(2);
    });

    it('more than maxPerOrder is 400 and holds nothing', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api);
      const error = await expectApiError(
        buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 11 }] }),
        400,
        'BAD_REQUEST',
      );
      expect(error.message).toMatch(/^items: at most 10/);
      // Split across two lines of one order it is still too many.
      await expectApiError(
        buyer.api.post('/orders', {
          items: [
            { tierId: setup.tierId, quantity: 6 },
            { tierId: setup.tierId, quantity: 5 },
          ],
        }),
        400,
        'BAD_REQUEST',
      );
      expect(await tierAvailable(setup, setup.tierId)).toBe(100);
    });

    it('a failing line rolls back the holds of the lines before it', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 1 });
      const buyer = await registerAccount(cloud.api);
      // Tiers are taken in id order; the free tier was created second, so the paid one is taken first.
      await expectApiError(
        buyer.api.post('/orders', {
          items: [
            { tierId: setup.tierId, quantity: 1 },
            { tierId: setup.freeTierId, quantity: 11 },
          ],
        }),
        400,
      );
      expect(await tierAvailable(setup, setup.tierId)).toBe(1);
    });

    it('an unknown tier is 404', async () => {
      const buyer = await registerAccount(cloud.api);
      const error = await expectApiError(
        buyer.api.post('/orders', { items: [{ tierId: 'no-such-tier', quantity: 1 }] }),
        404,
        'NOT_FOUND',
      );
      expect(error.message).toContain('no-such-tier');
    });

    it('tiers of two events in one order are 400', async () => {
      const a = await setupEvent(cloud.api);
      const b = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api);
      const error = await expectApiError(
        buyer.api.post('/orders', {
          items: [
            { tierId: a.tierId, quantity: 1 },
            { tierId: b.tierId, quantity: 1 },
          ],
        }),
        400,
        'BAD_REQUEST',
      );
      expect(error.message).toMatch(/^items: .*one event/);
      expect(await tierAvailable(a, a.tierId)).toBe(100);
      expect(await tierAvailable(b, b.tierId)).toBe(100);
    });

    it('an event that is not published is 409', async () => {
      const setup = await setupEvent(cloud.api, { publish: false });
      const buyer = await registerAccount(cloud.api);
      const error = await expectApiError(
        buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] }),
        409,
        'CONFLICT',
      );
      expect(error.message).toMatch(/not on sale/);
    });

    it('an invalid body is 400 naming the field', async () => {
      const buyer = await registerAccount(cloud.api);
      const cases: [unknown, RegExp][] = [
        [{ items: [] }, /^items: must hold at least one item/],
        [{ items: [{ tierId: 'x', quantity: 0 }] }, /^items\.0\.quantity: /],
        [{ items: [{ quantity: 1 }] }, /^items\.0\.tierId: /],
        [{}, /^items: /],
      ];
      for (const [json, message] of cases) {
        const res = await rawRequest(cloud, 'POST', '/orders', { token: buyer.accessToken, json });
        expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(message);
      }
    });

    it('an expired hold cannot be confirmed (410 HOLD_EXPIRED) and its inventory returns', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 5 });
      const buyer = await registerAccount(cloud.api);
      const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 5 }] });
      expect(await tierAvailable(setup, setup.tierId)).toBe(0);

      const res = await withClockAhead(cloud, HOLD_MS + 60_000, async () => {
        // Access tokens live 15 minutes too, so the box office logs in again at the new time.
        const boxOffice = await logInAgain(setup.promoter);
        return rawRequest(cloud, 'POST', `/orders/${order.id}/confirm`, { token: boxOffice.accessToken });
      });
      expect(expectErrorBody(res, 410, 'HOLD_EXPIRED').message).toMatch(/expired/);

      expect(await tierAvailable(setup, setup.tierId)).toBe(5);
      expect((await buyer.api.get(`/orders/${order.id}`)).status).toBe('EXPIRED');
      expect((await buyer.api.get('/me/tickets')).data).toEqual([]);
      // Now EXPIRED, it stays unconfirmable, with the same answer (the hold sweep may be
      // the one that expired it: both paths must say the same).
      await expectApiError(setup.promoter.api.post(`/orders/${order.id}/confirm`), 410, 'HOLD_EXPIRED');
      // And the released seats can be sold again.
      const next = await registerAccount(cloud.api);
      const again = await next.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 5 }] });
      expect(again.status).toBe('PENDING');
    });

    it('an unknown order is 404 to confirm and to read', async () => {
      const setup = await setupEvent(cloud.api);
      await expectApiError(setup.promoter.api.post('/orders/no-such-order/confirm'), 404, 'NOT_FOUND');
      await expectApiError(setup.promoter.api.get('/orders/no-such-order'), 404, 'NOT_FOUND');
    });
  });

  describe('security', () => {
    it('the buyer cannot confirm their own order (403)', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api);
      const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
      const res = await rawRequest(cloud, 'POST', `/orders/${order.id}/confirm`, {
        token: buyer.accessToken,
      });
      expectErrorBody(res, 403, 'FORBIDDEN');
      expect((await buyer.api.get(`/orders/${order.id}`)).status).toBe('PENDING');
      expect((await buyer.api.get('/me/tickets')).data).toEqual([]);
    });

    it('another organization’s promoter cannot confirm (404) and sees no trace of the order', async () => {
      const setup = await setupEvent(cloud.api);
      const rival = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api);
      const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
      const missing = await expectApiError(
        rival.promoter.api.post('/orders/no-such-order/confirm'),
        404,
        'NOT_FOUND',
      );
      const error = await expectApiError(
        rival.promoter.api.post(`/orders/${order.id}/confirm`),
        404,
        'NOT_FOUND',
      );
      expect(error.message).toBe(missing.message);
      await expectApiError(rival.promoter.api.get(`/orders/${order.id}`), 404, 'NOT_FOUND');
      expect((await buyer.api.get(`/orders/${order.id}`)).status).toBe('PENDING');
    });

    it('a stranger cannot read someone else’s order (404)', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api);
      const stranger = await registerAccount(cloud.api);
      const order = await buyer.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 1 }] });
      const res = await rawRequest(cloud, 'GET', `/orders/${order.id}`, { token: stranger.accessToken });
      expectErrorBody(res, 404, 'NOT_FOUND');
      expect(res.text).not.toContain(setup.eventId);
    });

    it('/me/tickets shows only the caller’s tickets', async () => {
      const setup = await setupEvent(cloud.api);
      const alice = await registerAccount(cloud.api);
      const bob = await registerAccount(cloud.api);
      await alice.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 2 }] });
      await bob.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 1 }] });
      const aliceTickets = (await alice.api.get('/me/tickets')).data as { id: string }[];
      const bobTickets = (await bob.api.get('/me/tickets')).data as { id: string }[];
      expect(aliceTickets).toHaveLength(2);
      expect(bobTickets).toHaveLength(1);
      expect(aliceTickets.map((t) => t.id)).not.toContain(bobTickets[0]!.id);
    });

    it('anonymous callers get 401', async () => {
      const setup = await setupEvent(cloud.api);
      const calls: [string, string, unknown?][] = [
        ['POST', '/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] }],
        ['POST', '/orders/anything/confirm'],
        ['GET', '/orders/anything'],
        ['GET', '/me/tickets'],
      ];
      for (const [method, path, json] of calls) {
        expectErrorBody(
          await rawRequest(cloud, method, path, json === undefined ? {} : { json }),
          401,
          'UNAUTHORIZED',
        );
      }
      expect(await tierAvailable(setup, setup.tierId)).toBe(100);
    });
  });
});
