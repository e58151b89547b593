import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { registerAccount, setupEvent } from '../helpers/factories.ts';
import { expectErrorBody, rawRequest } from './support.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

/** A published event at a venue with an address and a time zone, with one inactive tier. */
async function publishedEvent() {
  const setup = await setupEvent(cloud.api, { startsInMs: 7 * 86_400_000 });
  await setup.promoter.api.request('PATCH', `/venues/${setup.venueId}`, {
    address: '1 Harbour Road, Hamburg',
    timezone: 'Europe/Berlin',
  });
  const hidden = await setup.promoter.api.post(`/events/${setup.eventId}/tiers`, {
    name: 'Crew',
    priceCents: 0,
    quantity: 5,
    active: false,
  });
  return { ...setup, hiddenTierId: hidden.id as string };
}

describe('public catalog', () => {
  describe('happy path', () => {
    it('anyone reads a published event with its venue’s name, address and time zone', async () => {
      const setup = await publishedEvent();
      const res = await rawRequest(cloud, 'GET', `/events/${setup.eventId}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ id: setup.eventId, status: 'PUBLISHED', name: 'Show' });
      expect(res.body.venue).toEqual({
        id: setup.venueId,
        name: 'Arena',
        address: '1 Harbour Road, Hamburg',
        timezone: 'Europe/Berlin',
      });
    });

    it('anyone lists the active tiers and reads one tier with what is left', async () => {
      const setup = await publishedEvent();
      const list = await rawRequest(cloud, 'GET', `/events/${setup.eventId}/tiers`);
      expect(list.status, list.text).toBe(200);
      expect(list.body.data.map((t: { id: string }) => t.id).sort()).toEqual(
        [setup.tierId, setup.freeTierId].sort(),
      );
      const tier = await rawRequest(cloud, 'GET', `/tiers/${setup.tierId}`);
      expect(tier.status, tier.text).toBe(200);
      expect(tier.body).toMatchObject({
        id: setup.tierId,
        eventId: setup.eventId,
        quantity: 100,
        available: 100,
      });
      // Members still see every tier, inactive ones too.
      const all = await setup.promoter.api.get(`/events/${setup.eventId}/tiers`);
      expect(all.data).toHaveLength(3);
      expect((await setup.promoter.api.get(`/tiers/${setup.hiddenTierId}`)).active).toBe(false);
    });

    it('what is left drops when an order holds tickets and when a free order is sold', async () => {
      const setup = await publishedEvent();
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const held = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 3 }] });
      expect(held.status).toBe('PENDING');
      expect((await rawRequest(cloud, 'GET', `/tiers/${setup.tierId}`)).body.available).toBe(97);
      const free = await buyer.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 2 }] });
      expect(free.status).toBe('CONFIRMED');
      expect((await rawRequest(cloud, 'GET', `/tiers/${setup.freeTierId}`)).body.available).toBe(48);
      await buyer.api.post(`/orders/${held.id}/cancel`);
      expect((await rawRequest(cloud, 'GET', `/tiers/${setup.tierId}`)).body.available).toBe(100);
      const listed = await rawRequest(cloud, 'GET', `/events/${setup.eventId}/tiers`);
      expect(listed.body.data.find((t: { id: string }) => t.id === setup.freeTierId).available).toBe(48);
    });
  });

  describe('error cases', () => {
    it('a bad token on a public route is still a 401, not an anonymous read', async () => {
      const setup = await publishedEvent();
      expectErrorBody(
        await rawRequest(cloud, 'GET', `/tiers/${setup.tierId}`, { token: 'not-a-token' }),
        401,
        'UNAUTHORIZED',
      );
      expectErrorBody(await rawRequest(cloud, 'GET', '/tiers/no-such-tier'), 404, 'NOT_FOUND');
    });
  });

  describe('security cases', () => {
    it('a draft, its tiers and an inactive tier are 404 to anyone outside the organization', async () => {
      const draft = await setupEvent(cloud.api, { publish: false });
      const published = await publishedEvent();
      const stranger = await registerAccount(cloud.api, 'Stranger');
      const otherOrg = await setupEvent(cloud.api);
      const otherKey = await otherOrg.promoter.api.post(`/organizations/${otherOrg.orgId}/api-keys`, {
        name: 'other org',
        scopes: ['read'],
      });
      const paths = [
        `/events/${draft.eventId}`,
        `/events/${draft.eventId}/tiers`,
        `/tiers/${draft.tierId}`,
        `/tiers/${published.hiddenTierId}`,
      ];
      for (const path of paths) {
        for (const token of [undefined, stranger.accessToken, otherKey.key]) {
          expectErrorBody(await rawRequest(cloud, 'GET', path, { token }), 404, 'NOT_FOUND');
        }
      }
      // Its own organization reads the draft, venue included.
      const own = await draft.promoter.api.get(`/events/${draft.eventId}`);
      expect(own).toMatchObject({ status: 'DRAFT', venue: { id: draft.venueId, name: 'Arena' } });
      expect((await draft.promoter.api.get(`/tiers/${draft.tierId}`)).id).toBe(draft.tierId);
    });
  });
});
