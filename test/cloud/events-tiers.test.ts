import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { type Account, expectApiError, registerAccount } from '../helpers/factories.ts';
import { expectErrorBody, rawRequest } from './support.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

const startsAt = '2030-06-01T19:00:00.000Z';
const endsAt = '2030-06-01T23:00:00.000Z';

/** A promoter with an organization and a venue, and nothing on sale yet. */
async function promoterWithVenue(): Promise<{ promoter: Account; venueId: string }> {
  const promoter = await registerAccount(cloud.api, 'Promoter');
  const org = await promoter.api.post('/organizations', { name: 'Promo Co' });
  const venue = await promoter.api.post(`/organizations/${org.id}/venues`, { name: 'Arena', capacity: 1000 });
  return { promoter, venueId: venue.id };
}

async function draftEvent(): Promise<{ promoter: Account; venueId: string; eventId: string }> {
  const { promoter, venueId } = await promoterWithVenue();
  const event = await promoter.api.post('/events', { venueId, name: 'Draft Night', startsAt, endsAt });
  return { promoter, venueId, eventId: event.id };
}

describe('events and tiers', () => {
  describe('happy path', () => {
    it('creates an event as DRAFT (201)', async () => {
      const { promoter, venueId } = await promoterWithVenue();
      const res = await rawRequest(cloud, 'POST', '/events', {
        token: promoter.accessToken,
        json: { venueId, name: 'Opening Night', startsAt, endsAt, doorsAt: '2030-06-01T18:00:00Z' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        orgId: expect.any(String),
        venueId,
        name: 'Opening Night',
        status: 'DRAFT',
        startsAt,
        endsAt,
        doorsAt: '2030-06-01T18:00:00.000Z',
        publishedAt: null,
        cancelledAt: null,
        reentryPolicy: 'reentry',
        category: null,
        tags: [],
        description: null,
      });
      expect(await promoter.api.get(`/events/${res.body.id}`)).toEqual({
        ...res.body,
        venue: { id: venueId, name: expect.any(String), address: null, timezone: 'UTC' },
      });
    });

    it('accepts doors exactly at the start and offsets other than Z', async () => {
      const { promoter, venueId } = await promoterWithVenue();
      const event = await promoter.api.post('/events', {
        venueId,
        name: 'Offsets',
        startsAt: '2030-06-01T21:00:00+02:00',
        endsAt: '2030-06-02T01:00:00+02:00',
        doorsAt: '2030-06-01T19:00:00Z',
      });
      expect(event.startsAt).toBe(startsAt);
      expect(event.doorsAt).toBe(startsAt);
    });

    it('publishing answers 200 PUBLISHED and is idempotent', async () => {
      const { promoter, eventId, venueId } = await draftEvent();
      const res = await rawRequest(cloud, 'POST', `/events/${eventId}/publish`, {
        token: promoter.accessToken,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: eventId, status: 'PUBLISHED', publishedAt: expect.any(String) });

      const again = await rawRequest(cloud, 'POST', `/events/${eventId}/publish`, {
        token: promoter.accessToken,
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(res.body);

      // A second publish does not mint a second signing key.
      const node = await promoter.api.post(`/venues/${venueId}/edge-nodes`, { name: 'Gate' });
      const manifest = await cloud.api.as(node.token).get('/sync/manifest');
      const listed = (manifest.events as { id: string; keys: unknown[] }[]).find((e) => e.id === eventId);
      expect(listed?.keys).toHaveLength(1);
    });

    it('creates tiers (201) with defaults and lists them in creation order', async () => {
      const { promoter, eventId } = await draftEvent();
      const res = await rawRequest(cloud, 'POST', `/events/${eventId}/tiers`, {
        token: promoter.accessToken,
        json: { name: 'General', priceCents: 4500, quantity: 300 },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        eventId,
        name: 'General',
        priceCents: 4500,
        currency: 'USD',
        quantity: 300,
        minPerOrder: 1,
        maxPerOrder: 10,
        available: 300,
        saleStartsAt: null,
        saleEndsAt: null,
        validFrom: null,
        validUntil: null,
        active: true,
        sortOrder: 0,
        transferable: true,
      });
      const vip = await promoter.api.post(`/events/${eventId}/tiers`, {
        name: 'VIP',
        priceCents: 15000,
        quantity: 20,
        maxPerOrder: 2,
        currency: 'EUR',
      });
      expect(vip).toMatchObject({ maxPerOrder: 2, currency: 'EUR', available: 20 });
      const list = await promoter.api.get(`/events/${eventId}/tiers`);
      expect(list.data).toEqual([res.body, vip]);
    });

    it('a published event and its tiers are visible to any signed-in user', async () => {
      const { promoter, eventId } = await draftEvent();
      const tier = await promoter.api.post(`/events/${eventId}/tiers`, {
        name: 'GA',
        priceCents: 1000,
        quantity: 5,
      });
      await promoter.api.post(`/events/${eventId}/publish`);
      const fan = await registerAccount(cloud.api, 'Fan');
      const event = await fan.api.get(`/events/${eventId}`);
      expect(event.status).toBe('PUBLISHED');
      const tiers = await fan.api.get(`/events/${eventId}/tiers`);
      expect(tiers.data.map((t: { id: string }) => t.id)).toEqual([tier.id]);
    });
  });

  describe('errors', () => {
    it('endsAt not after startsAt is 400 naming endsAt', async () => {
      const { promoter, venueId } = await promoterWithVenue();
      for (const end of ['2030-06-01T18:00:00Z', startsAt]) {
        const res = await rawRequest(cloud, 'POST', '/events', {
          token: promoter.accessToken,
          json: { venueId, name: 'Backwards', startsAt, endsAt: end },
        });
        expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(/^endsAt: /);
      }
    });

    it('doorsAt after startsAt is 400 naming doorsAt', async () => {
      const { promoter, venueId } = await promoterWithVenue();
      const res = await rawRequest(cloud, 'POST', '/events', {
        token: promoter.accessToken,
        json: { venueId, name: 'Late doors', startsAt, endsAt, doorsAt: '2030-06-01T19:30:00Z' },
      });
      expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(/^doorsAt: /);
    });

    it('a date that is not ISO-8601 is 400 naming the field', async () => {
      const { promoter, venueId } = await promoterWithVenue();
      const res = await rawRequest(cloud, 'POST', '/events', {
        token: promoter.accessToken,
        json: { venueId, name: 'Sloppy', startsAt: 'next friday', endsAt },
      });
      expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(/startsAt: .*ISO-8601/);
    });

    it('an unknown venue is 404; tiers of an unknown event are 404', async () => {
      const { promoter } = await promoterWithVenue();
      await expectApiError(
        promoter.api.post('/events', { venueId: 'no-such-venue', name: 'X', startsAt, endsAt }),
        404,
        'NOT_FOUND',
      );
      await expectApiError(
        promoter.api.post('/events/no-such-event/tiers', { name: 'X', priceCents: 0, quantity: 1 }),
        404,
      );
      await expectApiError(promoter.api.get('/events/no-such-event/tiers'), 404, 'NOT_FOUND');
      await expectApiError(promoter.api.post('/events/no-such-event/publish'), 404, 'NOT_FOUND');
    });

    it('a negative price is 400 naming priceCents', async () => {
      const { promoter, eventId } = await draftEvent();
      const res = await rawRequest(cloud, 'POST', `/events/${eventId}/tiers`, {
        token: promoter.accessToken,
        json: { name: 'Cheap', priceCents: -1, quantity: 10 },
      });
      expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(/^priceCents: /);
    });

    it('a fractional price, a bad currency or maxPerOrder 0 is 400 naming the field', async () => {
      const { promoter, eventId } = await draftEvent();
      const cases: [Record<string, unknown>, string][] = [
        [{ name: 'A', priceCents: 9.99, quantity: 10 }, 'priceCents'],
        [{ name: 'A', priceCents: 999, quantity: 10, currency: 'usd' }, 'currency'],
        [{ name: 'A', priceCents: 999, quantity: 10, maxPerOrder: 0 }, 'maxPerOrder'],
        [{ name: 'A', priceCents: 999, quantity: 0 }, 'quantity'],
      ];
      for (const [json, field] of cases) {
        const res = await rawRequest(cloud, 'POST', `/events/${eventId}/tiers`, {
          token: promoter.accessToken,
          json,
        });
        expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(new RegExp(`^${field}: `));
      }
    });

    it('a missing quantity is 400 naming quantity', async () => {
      const { promoter, eventId } = await draftEvent();
      const res = await rawRequest(cloud, 'POST', `/events/${eventId}/tiers`, {
        token: promoter.accessToken,
        json: { name: 'No count', priceCents: 100 },
      });
      expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(/^quantity: /);
    });

    it('a body that is not JSON is 400 saying so', async () => {
      const { promoter, eventId } = await draftEvent();
      const res = await rawRequest(cloud, 'POST', `/events/${eventId}/tiers`, {
        token: promoter.accessToken,
        body: '{"name": "GA", "priceCents": 100,',
        contentType: 'application/json',
      });
      expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(/JSON/);
      const list = await promoter.api.get(`/events/${eventId}/tiers`);
      expect(list.data).toEqual([]);
    });

    it('a body sent with the wrong or no content type is 400 naming the content-type', async () => {
      const { promoter, eventId } = await draftEvent();
      const body = JSON.stringify({ name: 'GA', priceCents: 100, quantity: 10 });
      const wrong = await rawRequest(cloud, 'POST', `/events/${eventId}/tiers`, {
        token: promoter.accessToken,
        body,
        contentType: 'text/plain',
      });
      expect(expectErrorBody(wrong, 400, 'BAD_REQUEST').message).toMatch(
        /^content-type: .*application\/json/,
      );
      const form = await rawRequest(cloud, 'POST', `/events/${eventId}/tiers`, {
        token: promoter.accessToken,
        body: 'name=GA&priceCents=100&quantity=10',
        contentType: 'application/x-www-form-urlencoded',
      });
      expect(expectErrorBody(form, 400, 'BAD_REQUEST').message).toMatch(/^content-type: /);
      const list = await promoter.api.get(`/events/${eventId}/tiers`);
      expect(list.data).toEqual([]);
    });

    it('a request without any body is 400 naming the missing fields', async () => {
      const { promoter, eventId } = await draftEvent();
      const res = await rawRequest(cloud, 'POST', `/events/${eventId}/tiers`, {
        token: promoter.accessToken,
      });
      const message = expectErrorBody(res, 400, 'BAD_REQUEST').message;
      expect(message).toContain('name: ');
      expect(message).toContain('quantity: ');
    });

    it('an event body without any content is 400 naming the fields', async () => {
      const { promoter } = await promoterWithVenue();
      const res = await rawRequest(cloud, 'POST', '/events', {
        token: promoter.accessToken,
        contentType: 'application/json',
        body: '{}',
      });
      const message = expectErrorBody(res, 400, 'BAD_REQUEST').message;
      for (const field of ['venueId', 'name', 'startsAt', 'endsAt']) expect(message).toContain(`${field}: `);
    });
  });

  describe('security', () => {
    it('a draft event is invisible (404) to non-members, like one that does not exist', async () => {
      const { eventId } = await draftEvent();
      const stranger = await registerAccount(cloud.api, 'Stranger');
      const missing = await expectApiError(stranger.api.get('/events/no-such-event'), 404, 'NOT_FOUND');
      const draft = await expectApiError(stranger.api.get(`/events/${eventId}`), 404, 'NOT_FOUND');
      expect(draft.message).toBe(missing.message);
      await expectApiError(stranger.api.get(`/events/${eventId}/tiers`), 404, 'NOT_FOUND');
    });

    it('another organization cannot create tiers on, or publish, an event (404)', async () => {
      const { promoter, eventId } = await draftEvent();
      const rival = await promoterWithVenue();
      await expectApiError(
        rival.promoter.api.post(`/events/${eventId}/tiers`, { name: 'Fake', priceCents: 1, quantity: 1 }),
        404,
        'NOT_FOUND',
      );
      await expectApiError(rival.promoter.api.post(`/events/${eventId}/publish`), 404, 'NOT_FOUND');
      const event = await promoter.api.get(`/events/${eventId}`);
      expect(event.status).toBe('DRAFT');
      expect((await promoter.api.get(`/events/${eventId}/tiers`)).data).toEqual([]);
    });

    it('another organization cannot create tiers on a published event either', async () => {
      const { promoter, eventId } = await draftEvent();
      await promoter.api.post(`/events/${eventId}/publish`);
      const rival = await promoterWithVenue();
      await expectApiError(
        rival.promoter.api.post(`/events/${eventId}/tiers`, { name: 'Fake', priceCents: 1, quantity: 1 }),
        404,
        'NOT_FOUND',
      );
    });

    it('no one can create an event in another organization’s venue (404)', async () => {
      const { venueId } = await promoterWithVenue();
      const rival = await promoterWithVenue();
      await expectApiError(
        rival.promoter.api.post('/events', { venueId, name: 'Hijack', startsAt, endsAt }),
        404,
        'NOT_FOUND',
      );
    });

    it('anonymous callers get 401 for changes, and a draft is a 404 to them', async () => {
      const { venueId, eventId } = await draftEvent();
      for (const path of [`/events/${eventId}`, `/events/${eventId}/tiers`])
        expectErrorBody(await rawRequest(cloud, 'GET', path), 404, 'NOT_FOUND');
      const calls: [string, string, unknown?][] = [
        ['POST', '/events', { venueId, name: 'Anon', startsAt, endsAt }],
        ['POST', `/events/${eventId}/publish`],
        ['POST', `/events/${eventId}/tiers`, { name: 'Anon', priceCents: 0, quantity: 1 }],
      ];
      for (const [method, path, json] of calls) {
        expectErrorBody(
          await rawRequest(cloud, method, path, json === undefined ? {} : { json }),
          401,
          'UNAUTHORIZED',
        );
      }
    });
  });
});
