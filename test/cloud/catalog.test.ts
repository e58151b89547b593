import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestPage } from '../../src/sync/protocol.ts';
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
const iso = (ms: number) => new Date(ms).toISOString();

describe('catalog: event details, listing, tier rules and availability', () => {
  describe('happy path', () => {
    it('re-entry policy and tier admission windows are set, updated and sent in the manifest', async () => {
      const setup = await setupEvent(cloud.api, { startsInMs: 24 * HOUR });
      const event = await setup.promoter.api.request('PATCH', `/events/${setup.eventId}`, {
        reentryPolicy: 'single',
        category: 'Music',
        tags: ['Rock', 'outdoor'],
      });
      expect(event).toMatchObject({ reentryPolicy: 'single', category: 'music', tags: ['rock', 'outdoor'] });
      const day = await setup.promoter.api.post(`/events/${setup.eventId}/tiers`, {
        name: 'Day 1',
        priceCents: 1000,
        quantity: 10,
        validFrom: iso(Date.parse(event.startsAt)),
        validUntil: iso(Date.parse(event.startsAt) + HOUR),
      });
      const page = await cloud.api.as(setup.node.token).get<ManifestPage>('/sync/manifest');
      const listed = page.events.find((e) => e.id === setup.eventId)!;
      expect(listed.reentryPolicy).toBe('single');
      expect(listed.tiers.find((t) => t.id === day.id)).toEqual({
        id: day.id,
        name: 'Day 1',
        validFrom: day.validFrom,
        validUntil: day.validUntil,
      });
      expect(listed.tiers.find((t) => t.id === setup.tierId)).toMatchObject({
        validFrom: null,
        validUntil: null,
      });
    });

    it('events default to re-entry and can be created with every detail', async () => {
      const setup = await setupEvent(cloud.api, { publish: false });
      expect((await setup.promoter.api.get(`/events/${setup.eventId}`)).reentryPolicy).toBe('reentry');
      const event = await setup.promoter.api.post('/events', {
        venueId: setup.venueId,
        name: 'Festival',
        startsAt: iso(Date.now() + 48 * HOUR),
        endsAt: iso(Date.now() + 72 * HOUR),
        reentryPolicy: 'unlimited',
        category: 'festival',
        description: 'Three stages',
      });
      expect(event).toMatchObject({
        reentryPolicy: 'unlimited',
        category: 'festival',
        description: 'Three stages',
      });
    });

    it('the public listing shows published, not-ended events, searchable, filterable and paged by cursor', async () => {
      const setup = await setupEvent(cloud.api, { startsInMs: 10 * 24 * HOUR, publish: false });
      const name = `Listing ${Date.now()}`;
      const made: string[] = [];
      for (let i = 0; i < 3; i++) {
        const e = await setup.promoter.api.post('/events', {
          venueId: setup.venueId,
          name: `${name} #${i}`,
          startsAt: iso(Date.now() + (i + 1) * 24 * HOUR),
          endsAt: iso(Date.now() + (i + 1) * 24 * HOUR + 3 * HOUR),
          category: i === 2 ? 'comedy' : 'music',
        });
        await setup.promoter.api.post(`/events/${e.id}/publish`);
        made.push(e.id);
      }
      const q = encodeURIComponent(name);
      const first = await rawRequest(cloud, 'GET', `/events?q=${q}&limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.data.map((e: { id: string }) => e.id)).toEqual(made.slice(0, 2));
      expect(first.body.data[0]).toMatchObject({ venueName: 'Arena', ended: false });
      const second = await rawRequest(cloud, 'GET', `/events?q=${q}&limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body).toMatchObject({ data: [{ id: made[2] }], nextCursor: null });
      const comedy = await rawRequest(cloud, 'GET', `/events?q=${q}&category=Comedy`);
      expect(comedy.body.data.map((e: { id: string }) => e.id)).toEqual([made[2]]);
      const window = await rawRequest(
        cloud,
        'GET',
        `/events?venueId=${setup.venueId}&from=${iso(Date.now() + 36 * HOUR)}&to=${iso(Date.now() + 60 * HOUR)}`,
      );
      expect(window.body.data.map((e: { id: string }) => e.id)).toEqual([made[1]]);
      // The draft made by setupEvent never shows.
      const all = await rawRequest(cloud, 'GET', `/events?venueId=${setup.venueId}`);
      expect(all.body.data.map((e: { id: string }) => e.id)).not.toContain(setup.eventId);
    });

    it('availability counts held and sold; an expired hold is released lazily on read', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 5 });
      const buyer = await registerAccount(cloud.api, 'Buyer');
      await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 2 }] });
      const res = await rawRequest(cloud, 'GET', `/tiers/${setup.tierId}/availability`);
      expect(res.body).toEqual({
        tierId: setup.tierId,
        quantity: 5,
        sold: 0,
        held: 2,
        available: 3,
        isOnSale: true,
        canPurchase: true,
        message: '3 available',
      });
      const later = await withClockAhead(cloud, 16 * 60_000, () =>
        rawRequest(cloud, 'GET', `/tiers/${setup.tierId}/availability`),
      );
      expect(later.body).toMatchObject({ held: 0, available: 5 });
    });

    it('a sold-out tier frees a dead hold for the next buyer at purchase time, without the sweep', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 1 });
      const first = await registerAccount(cloud.api, 'First');
      await first.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
      const second = await registerAccount(cloud.api, 'Second');
      await expectApiError(
        second.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] }),
        409,
        'SOLD_OUT',
      );
      const order = await withClockAhead(cloud, 16 * 60_000, async () => {
        const again = await cloud.api.post('/auth/login', {
          email: second.user.email,
          password: 'correct horse battery',
        });
        return cloud.api
          .as(again.accessToken)
          .post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
      });
      expect(order.status).toBe('PENDING');
    });

    it('after a sale the quantity may grow but not drop below sold; a tier without sales can be deleted', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 10 });
      const buyer = await registerAccount(cloud.api, 'Buyer');
      await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 4 }] });
      const grown = await setup.promoter.api.request('PATCH', `/tiers/${setup.tierId}`, {
        quantity: 20,
        name: 'General',
      });
      expect(grown).toMatchObject({ quantity: 20, name: 'General', available: 16 });
      const spare = await setup.promoter.api.post(`/events/${setup.eventId}/tiers`, {
        name: 'Spare',
        priceCents: 1,
        quantity: 1,
      });
      const del = await rawRequest(cloud, 'DELETE', `/tiers/${spare.id}`, {
        token: setup.promoter.accessToken,
      });
      expect(del.status).toBe(204);
      const tiers = await setup.promoter.api.get(`/events/${setup.eventId}/tiers`);
      expect(tiers.data.map((t: { id: string }) => t.id)).not.toContain(spare.id);
    });

    it('inactive tiers and tiers outside their sale window cannot be bought and say why', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const soon = await setup.promoter.api.post(`/events/${setup.eventId}/tiers`, {
        name: 'Early',
        priceCents: 100,
        quantity: 5,
        saleStartsAt: iso(Date.now() + HOUR),
      });
      const early = await expectApiError(
        buyer.api.post('/orders', { items: [{ tierId: soon.id, quantity: 1 }] }),
        409,
        'CONFLICT',
      );
      expect(early.message).toMatch(/^"Early" goes on sale at /);
      expect(await buyer.api.get(`/tiers/${soon.id}/availability`)).toMatchObject({
        isOnSale: false,
        canPurchase: false,
      });
      await setup.promoter.api.request('PATCH', `/tiers/${setup.tierId}`, { active: false });
      const off = await expectApiError(
        buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] }),
        409,
        'CONFLICT',
      );
      expect(off.message).toBe('"GA" is not on sale');
      const min = await setup.promoter.api.post(`/events/${setup.eventId}/tiers`, {
        name: 'Table',
        priceCents: 100,
        quantity: 40,
        minPerOrder: 4,
      });
      const few = await expectApiError(
        buyer.api.post('/orders', { items: [{ tierId: min.id, quantity: 2 }] }),
        400,
        'BAD_REQUEST',
      );
      expect(few.message).toBe('items: at least 4 of "Table" per order');
    });
  });

  describe('errors', () => {
    it('after a sale the price is fixed, the quantity cannot drop below sold and the tier cannot be deleted', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 10 });
      const buyer = await registerAccount(cloud.api, 'Buyer');
      await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 4 }] });
      const patch = (json: object) =>
        rawRequest(cloud, 'PATCH', `/tiers/${setup.tierId}`, { token: setup.promoter.accessToken, json });
      expect(expectErrorBody(await patch({ priceCents: 1 }), 409, 'CONFLICT').message).toBe(
        'priceCents: the tier has sales, so its price cannot change',
      );
      expect(expectErrorBody(await patch({ quantity: 3 }), 409, 'CONFLICT').message).toBe(
        'quantity: 4 are already sold or held, so it cannot drop below that',
      );
      expect((await patch({ quantity: 4 })).status).toBe(200);
      const del = await rawRequest(cloud, 'DELETE', `/tiers/${setup.tierId}`, {
        token: setup.promoter.accessToken,
      });
      expect(expectErrorBody(del, 409, 'CONFLICT').message).toMatch(/set active to false instead$/);
    });

    it('bad event and tier details are 400 naming the field', async () => {
      const setup = await setupEvent(cloud.api, { publish: false });
      const patchEvent = (json: object) =>
        rawRequest(cloud, 'PATCH', `/events/${setup.eventId}`, { token: setup.promoter.accessToken, json });
      expect(
        expectErrorBody(await patchEvent({ reentryPolicy: 'twice' }), 400, 'BAD_REQUEST').message,
      ).toMatch(/^reentryPolicy: /);
      const event = await setup.promoter.api.get(`/events/${setup.eventId}`);
      expect(expectErrorBody(await patchEvent({ endsAt: event.startsAt }), 400, 'BAD_REQUEST').message).toBe(
        'endsAt: must be after startsAt',
      );
      expect(
        expectErrorBody(
          await patchEvent({ doorsAt: iso(Date.parse(event.startsAt) + 60_000) }),
          400,
          'BAD_REQUEST',
        ).message,
      ).toBe('doorsAt: must not be after startsAt');
      const tier = (json: object) =>
        rawRequest(cloud, 'PATCH', `/tiers/${setup.tierId}`, { token: setup.promoter.accessToken, json });
      expect(
        expectErrorBody(
          await tier({ validFrom: iso(Date.now() + HOUR), validUntil: iso(Date.now()) }),
          400,
          'BAD_REQUEST',
        ).message,
      ).toBe('validUntil: must be after validFrom');
      expect(expectErrorBody(await tier({ minPerOrder: 20 }), 400, 'BAD_REQUEST').message).toBe(
        'minPerOrder: must not be more than maxPerOrder',
      );
      expect(
        expectErrorBody(await rawRequest(cloud, 'GET', '/events?cursor=zzz'), 400, 'BAD_REQUEST').message,
      ).toMatch(/^cursor: /);
    });

    it('a cancelled event is final: no update, no publish, no new tier, no order', async () => {
      const setup = await setupEvent(cloud.api);
      await setup.promoter.api.post(`/events/${setup.eventId}/cancel`);
      await expectApiError(
        setup.promoter.api.request('PATCH', `/events/${setup.eventId}`, { name: 'x' }),
        409,
        'CONFLICT',
      );
      await expectApiError(setup.promoter.api.post(`/events/${setup.eventId}/publish`), 409, 'CONFLICT');
      await expectApiError(
        setup.promoter.api.post(`/events/${setup.eventId}/tiers`, { name: 'x', priceCents: 1, quantity: 1 }),
        409,
      );
      const buyer = await registerAccount(cloud.api, 'Buyer');
      await expectApiError(
        buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] }),
        409,
        'CONFLICT',
      );
    });
  });

  describe('security', () => {
    it('another organization’s promoter cannot change, delete or see inside a tier or event: 404', async () => {
      const setup = await setupEvent(cloud.api, { publish: false });
      const rival = await setupEvent(cloud.api);
      const token = rival.promoter.accessToken;
      expectErrorBody(
        await rawRequest(cloud, 'PATCH', `/tiers/${setup.tierId}`, { token, json: { quantity: 1 } }),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await rawRequest(cloud, 'DELETE', `/tiers/${setup.tierId}`, { token }),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await rawRequest(cloud, 'PATCH', `/events/${setup.eventId}`, { token, json: { name: 'x' } }),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await rawRequest(cloud, 'POST', `/events/${setup.eventId}/cancel`, { token }),
        404,
        'NOT_FOUND',
      );
      // A draft's tiers are invisible to outsiders and anonymous callers alike.
      expectErrorBody(
        await rawRequest(cloud, 'GET', `/tiers/${setup.tierId}/availability`, { token }),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await rawRequest(cloud, 'GET', `/tiers/${setup.tierId}/availability`),
        404,
        'NOT_FOUND',
      );
    });

    it('a buyer cannot manage tiers (404), anonymous callers cannot (401), and a bad token on a public route is 401', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = await registerAccount(cloud.api, 'Buyer');
      expectErrorBody(
        await rawRequest(cloud, 'PATCH', `/tiers/${setup.tierId}`, {
          token: buyer.accessToken,
          json: { quantity: 1 },
        }),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await rawRequest(cloud, 'PATCH', `/tiers/${setup.tierId}`, { json: { quantity: 1 } }),
        401,
        'UNAUTHORIZED',
      );
      expectErrorBody(
        await rawRequest(cloud, 'GET', `/tiers/${setup.tierId}/availability`, { token: 'forged' }),
        401,
        'UNAUTHORIZED',
      );
    });
  });
});
