import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireHolds } from '../../src/cloud/orders/holds.ts';
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

/** A tier of `quantity` held entirely by one buyer's pending order. */
async function soldOutTier(quantity = 2) {
  const setup = await setupEvent(cloud.api, { quantity });
  const holder = await registerAccount(cloud.api, 'Holder');
  const held = await holder.api.post('/orders', { items: [{ tierId: setup.tierId, quantity }] });
  return { setup, holder, held };
}

describe('waitlist', () => {
  describe('happy path', () => {
    it('buyers queue for a sold-out tier; a cancelled hold becomes a held order for the first in line', async () => {
      const { setup, holder, held } = await soldOutTier(2);
      const first = await registerAccount(cloud.api, 'First');
      const second = await registerAccount(cloud.api, 'Second');
      const a = await first.api.post(`/tiers/${setup.tierId}/waitlist`, { quantity: 2 });
      const b = await second.api.post(`/tiers/${setup.tierId}/waitlist`, { quantity: 1 });
      expect(a).toMatchObject({ status: 'WAITING', position: 1, offer: null });
      expect(b).toMatchObject({ status: 'WAITING', position: 2 });

      await holder.api.post(`/orders/${held.id}/cancel`);
      const [offer] = (await first.api.get('/me/waitlist')).data;
      expect(offer).toMatchObject({
        status: 'OFFERED',
        position: null,
        offer: { status: 'PENDING', expiresAt: expect.any(String) },
      });
      expect(await first.api.get(`/orders/${offer.offer.orderId}`)).toMatchObject({
        status: 'PENDING',
        totalCents: 5000,
      });
      // The second in line moved up but gets nothing: the offer holds both tickets.
      expect((await second.api.get('/me/waitlist')).data[0]).toMatchObject({
        status: 'WAITING',
        position: 1,
      });
      expect(await cloud.api.get(`/tiers/${setup.tierId}/availability`)).toMatchObject({ available: 0 });
    });

    it('an unclaimed offer passes to the next in line when its hold runs out', async () => {
      const { setup, held } = await soldOutTier(1);
      const first = await registerAccount(cloud.api, 'First');
      const second = await registerAccount(cloud.api, 'Second');
      await first.api.post(`/tiers/${setup.tierId}/waitlist`, { quantity: 1 });
      await second.api.post(`/tiers/${setup.tierId}/waitlist`, { quantity: 1 });
      // The original hold runs out: the sweep offers the ticket to the first in line.
      await withClockAhead(cloud, 16 * 60_000, () => expireHolds({ deps: cloud.deps }));
      const firstOffer = (await first.api.get('/me/waitlist')).data[0];
      expect(firstOffer.offer.status).toBe('PENDING');
      expect(firstOffer.offer.orderId).not.toBe(held.id);
      // Their offer runs out too: it passes to the second.
      await withClockAhead(cloud, 2 * 16 * 60_000, () => expireHolds({ deps: cloud.deps }));
      const [secondOffer] = (await second.api.get('/me/waitlist')).data;
      expect(secondOffer).toMatchObject({ status: 'OFFERED', offer: { status: 'PENDING' } });
    });

    it('leaving with an open offer hands it to the next buyer at once', async () => {
      const { setup, holder, held } = await soldOutTier(1);
      const first = await registerAccount(cloud.api, 'First');
      const second = await registerAccount(cloud.api, 'Second');
      const entry = await first.api.post(`/tiers/${setup.tierId}/waitlist`, {});
      await second.api.post(`/tiers/${setup.tierId}/waitlist`, {});
      await holder.api.post(`/orders/${held.id}/cancel`);
      const left = await rawRequest(cloud, 'DELETE', `/waitlist/${entry.id}`, { token: first.accessToken });
      expect(left.status).toBe(204);
      expect((await first.api.get('/me/waitlist')).data).toEqual([]);
      expect((await second.api.get('/me/waitlist')).data[0]).toMatchObject({ status: 'OFFERED' });
    });
  });

  describe('errors', () => {
    it('joining a tier with tickets left, twice, or for more than the per-order maximum is refused', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 5 });
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const open = await expectApiError(
        buyer.api.post(`/tiers/${setup.tierId}/waitlist`, { quantity: 1 }),
        409,
        'CONFLICT',
      );
      expect(open.message).toBe('"GA" has tickets available: order them instead');
      const { setup: full } = await soldOutTier(1);
      await buyer.api.post(`/tiers/${full.tierId}/waitlist`, { quantity: 1 });
      const twice = await expectApiError(
        buyer.api.post(`/tiers/${full.tierId}/waitlist`, { quantity: 1 }),
        409,
      );
      expect(twice.message).toBe('you are already on this waitlist');
      const many = await rawRequest(cloud, 'POST', `/tiers/${full.tierId}/waitlist`, {
        token: buyer.accessToken,
        json: { quantity: 50 },
      });
      expect(expectErrorBody(many, 400, 'BAD_REQUEST').message).toBe(
        'quantity: at most 10 of "GA" per order',
      );
    });
  });

  describe('security', () => {
    it('nobody else can leave my entry or see it; drafts are 404; anonymous is 401', async () => {
      const { setup } = await soldOutTier(1);
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const entry = await buyer.api.post(`/tiers/${setup.tierId}/waitlist`, {});
      const other = await registerAccount(cloud.api, 'Other');
      expectErrorBody(
        await rawRequest(cloud, 'DELETE', `/waitlist/${entry.id}`, { token: other.accessToken }),
        404,
        'NOT_FOUND',
      );
      expect((await other.api.get('/me/waitlist')).data).toEqual([]);
      expect((await buyer.api.get('/me/waitlist')).data).toHaveLength(1);
      const draft = await setupEvent(cloud.api, { publish: false });
      expectErrorBody(
        await rawRequest(cloud, 'POST', `/tiers/${draft.tierId}/waitlist`, {
          token: other.accessToken,
          json: {},
        }),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await rawRequest(cloud, 'POST', `/tiers/${setup.tierId}/waitlist`, { json: {} }),
        401,
        'UNAUTHORIZED',
      );
    });
  });
});
