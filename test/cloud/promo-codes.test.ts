import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { expectApiError, registerAccount, setupEvent } from '../helpers/factories.ts';
import { expectErrorBody, rawRequest, withClockAhead } from './support.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

const HOUR = 3600_000;

describe('promo codes', () => {
  describe('happy path', () => {
    it('a percentage code is stored trimmed and upper-case and previews its discount', async () => {
      const setup = await setupEvent(cloud.api);
      const res = await rawRequest(cloud, 'POST', `/events/${setup.eventId}/promo-codes`, {
        token: setup.promoter.accessToken,
        json: { code: '  summer-10 ', kind: 'PERCENT', amount: 10, maxUses: 5 },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        code: 'SUMMER-10',
        kind: 'PERCENT',
        amount: 10,
        maxUses: 5,
        uses: 0,
        active: true,
      });

      const buyer = await registerAccount(cloud.api, 'Buyer');
      const preview = await buyer.api.post('/promo-codes/validate', {
        eventId: setup.eventId,
        code: ' Summer-10',
        items: [{ tierId: setup.tierId, quantity: 3 }],
      });
      expect(preview).toEqual({
        valid: true,
        code: 'SUMMER-10',
        kind: 'PERCENT',
        amount: 10,
        subtotalCents: 7500,
        discountCents: 750,
        totalCents: 6750,
      });
      // Previewing takes no use.
      const list = await setup.promoter.api.get(`/events/${setup.eventId}/promo-codes`);
      expect(list.data[0].uses).toBe(0);
    });

    it('an order with a fixed-amount code is discounted and takes one use; cancelling gives it back', async () => {
      const setup = await setupEvent(cloud.api);
      await setup.promoter.api.post(`/events/${setup.eventId}/promo-codes`, {
        code: 'FIVER',
        kind: 'FIXED',
        amount: 500,
        maxUses: 1,
      });
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const order = await buyer.api.post('/orders', {
        items: [{ tierId: setup.tierId, quantity: 2 }],
        promoCode: 'fiver',
      });
      expect(order).toMatchObject({
        status: 'PENDING',
        subtotalCents: 5000,
        discountCents: 500,
        totalCents: 4500,
      });
      const other = await registerAccount(cloud.api, 'Other');
      const used = await expectApiError(
        other.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }], promoCode: 'FIVER' }),
        409,
        'CONFLICT',
      );
      expect(used.message).toBe('promo code FIVER has been used the maximum number of times');
      await buyer.api.post(`/orders/${order.id}/cancel`);
      const again = await other.api.post('/orders', {
        items: [{ tierId: setup.tierId, quantity: 1 }],
        promoCode: 'FIVER',
      });
      expect(again).toMatchObject({ discountCents: 500, totalCents: 2000 });
    });

    it('a 100% code makes the order free: it confirms at once with tickets', async () => {
      const setup = await setupEvent(cloud.api);
      await setup.promoter.api.post(`/events/${setup.eventId}/promo-codes`, {
        code: 'COMP',
        kind: 'PERCENT',
        amount: 100,
      });
      const buyer = await registerAccount(cloud.api, 'Guest');
      const order = await buyer.api.post('/orders', {
        items: [{ tierId: setup.tierId, quantity: 2 }],
        promoCode: 'comp',
      });
      expect(order).toMatchObject({ status: 'CONFIRMED', totalCents: 0, discountCents: 5000 });
      expect((await buyer.api.get('/me/tickets')).data).toHaveLength(2);
    });

    it('a tier-restricted code discounts only its tiers; a manager can switch a code off', async () => {
      const setup = await setupEvent(cloud.api);
      const vip = await setup.promoter.api.post(`/events/${setup.eventId}/tiers`, {
        name: 'VIP',
        priceCents: 10000,
        quantity: 10,
      });
      const promo = await setup.promoter.api.post(`/events/${setup.eventId}/promo-codes`, {
        code: 'VIPHALF',
        kind: 'PERCENT',
        amount: 50,
        tierIds: [vip.id],
      });
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const preview = await buyer.api.post('/promo-codes/validate', {
        eventId: setup.eventId,
        code: 'viphalf',
        items: [
          { tierId: setup.tierId, quantity: 1 },
          { tierId: vip.id, quantity: 1 },
        ],
      });
      expect(preview).toMatchObject({ subtotalCents: 12500, discountCents: 5000, totalCents: 7500 });
      const off = await setup.promoter.api.request('PATCH', `/promo-codes/${promo.id}`, { active: false });
      expect(off.active).toBe(false);
      const err = await expectApiError(
        buyer.api.post('/promo-codes/validate', {
          eventId: setup.eventId,
          code: 'VIPHALF',
          items: [{ tierId: vip.id, quantity: 1 }],
        }),
        422,
      );
      expect(err.message).toBe('promo code VIPHALF is no longer active');
    });
  });

  describe('errors', () => {
    it('each failed rule is named: unknown code, too early, expired, minimum amount, wrong tier', async () => {
      const setup = await setupEvent(cloud.api);
      const now = Date.now();
      const make = (body: object) => setup.promoter.api.post(`/events/${setup.eventId}/promo-codes`, body);
      await make({
        code: 'LATER',
        kind: 'FIXED',
        amount: 100,
        validFrom: new Date(now + HOUR).toISOString(),
      });
      await make({ code: 'BIG', kind: 'FIXED', amount: 100, minOrderCents: 10_000 });
      await make({ code: 'ONLYFREE', kind: 'FIXED', amount: 100, tierIds: [setup.freeTierId] });
      await make({
        code: 'SOON',
        kind: 'FIXED',
        amount: 100,
        validUntil: new Date(now + 60_000).toISOString(),
      });
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const check = (code: string) =>
        expectApiError(
          buyer.api.post('/promo-codes/validate', {
            eventId: setup.eventId,
            code,
            items: [{ tierId: setup.tierId, quantity: 1 }],
          }),
          422,
          'UNPROCESSABLE',
        );
      expect((await check('nope')).message).toBe('promo code NOPE does not exist for this event');
      expect((await check('later')).message).toMatch(/^promo code LATER is valid from /);
      expect((await check('big')).message).toBe(
        'promo code BIG needs an order of at least 10000 cents (this one is 2500)',
      );
      expect((await check('onlyfree')).message).toBe(
        'promo code ONLYFREE does not apply to the tiers in this order',
      );
      // Two minutes on: past the code's end, still inside the buyer's 15-minute access token.
      const expired = await withClockAhead(cloud, 120_000, () =>
        expectApiError(
          buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }], promoCode: 'SOON' }),
          422,
          'UNPROCESSABLE',
        ),
      );
      expect(expired.message).toMatch(/^promo code SOON expired at /);
    });

    it('bad definitions are 400 naming the field; a duplicate code is 409', async () => {
      const setup = await setupEvent(cloud.api);
      const post = (json: object) =>
        rawRequest(cloud, 'POST', `/events/${setup.eventId}/promo-codes`, {
          token: setup.promoter.accessToken,
          json,
        });
      expect(
        expectErrorBody(await post({ code: 'X', kind: 'FIXED', amount: 1 }), 400, 'BAD_REQUEST').message,
      ).toMatch(/^code: /);
      expect(
        expectErrorBody(await post({ code: 'HALF', kind: 'PERCENT', amount: 150 }), 400, 'BAD_REQUEST')
          .message,
      ).toBe('amount: a PERCENT discount is at most 100');
      expect(
        expectErrorBody(await post({ code: 'has space', kind: 'FIXED', amount: 1 }), 400, 'BAD_REQUEST')
          .message,
      ).toMatch(/^code: may hold only/);
      expect(
        expectErrorBody(
          await post({ code: 'TIERS', kind: 'FIXED', amount: 1, tierIds: ['nope'] }),
          400,
          'BAD_REQUEST',
        ).message,
      ).toBe('tierIds: nope is not a tier of this event');
      expect((await post({ code: 'dup', kind: 'FIXED', amount: 1 })).status).toBe(201);
      expect(
        expectErrorBody(await post({ code: ' DUP', kind: 'FIXED', amount: 1 }), 409, 'CONFLICT').message,
      ).toBe('code: DUP already exists for this event');
    });
  });

  describe('security', () => {
    it('another organization’s promoter gets 404; a buyer cannot create or list codes; anonymous is 401', async () => {
      const setup = await setupEvent(cloud.api);
      const rival = await setupEvent(cloud.api);
      const body = { code: 'HACK', kind: 'PERCENT', amount: 100 };
      expectErrorBody(
        await rawRequest(cloud, 'POST', `/events/${setup.eventId}/promo-codes`, {
          token: rival.promoter.accessToken,
          json: body,
        }),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await rawRequest(cloud, 'GET', `/events/${setup.eventId}/promo-codes`, {
          token: rival.promoter.accessToken,
        }),
        404,
        'NOT_FOUND',
      );
      const buyer = await registerAccount(cloud.api, 'Buyer');
      expectErrorBody(
        await rawRequest(cloud, 'POST', `/events/${setup.eventId}/promo-codes`, {
          token: buyer.accessToken,
          json: body,
        }),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await rawRequest(cloud, 'POST', `/events/${setup.eventId}/promo-codes`, { json: body }),
        401,
        'UNAUTHORIZED',
      );
      const promo = await setup.promoter.api.post(`/events/${setup.eventId}/promo-codes`, {
        code: 'MINE',
        kind: 'FIXED',
        amount: 1,
      });
      expectErrorBody(
        await rawRequest(cloud, 'PATCH', `/promo-codes/${promo.id}`, {
          token: rival.promoter.accessToken,
          json: { active: false },
        }),
        404,
        'NOT_FOUND',
      );
    });

    it('a code of one event does not work on another event', async () => {
      const a = await setupEvent(cloud.api);
      const b = await setupEvent(cloud.api);
      await a.promoter.api.post(`/events/${a.eventId}/promo-codes`, {
        code: 'AONLY',
        kind: 'PERCENT',
        amount: 50,
      });
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const err = await expectApiError(
        buyer.api.post('/orders', { items: [{ tierId: b.tierId, quantity: 1 }], promoCode: 'AONLY' }),
        422,
      );
      expect(err.message).toBe('promo code AONLY does not exist for this event');
    });
  });
});
