import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scans } from '../../src/cloud/db/schema.ts';
import { type ManifestPage, manifestPageSchema, scanAckSchema } from '../../src/sync/protocol.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import {
  buyTickets,
  expectApiError,
  type PromoterSetup,
  registerAccount,
  setupEvent,
} from '../helpers/factories.ts';
import { expectErrorBody, rawRequest, scanRow } from './support.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

function pull(token: string, query = ''): Promise<ManifestPage> {
  return cloud.api.as(token).get<ManifestPage>(`/sync/manifest${query}`);
}

/** Follows the cursor until the feed says there is no more; returns every page. */
async function pullAll(token: string, limit: number, cursor = ''): Promise<ManifestPage[]> {
  const pages: ManifestPage[] = [];
  for (;;) {
    const page = await pull(token, `?limit=${limit}&cursor=${encodeURIComponent(cursor)}`);
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) return pages;
    if (pages.length > 1000) throw new Error('manifest paging does not end');
  }
}

function upload(setup: PromoterSetup, body: unknown) {
  return rawRequest(cloud, 'POST', '/sync/scans', { token: setup.node.token, json: body });
}

async function storedSeqs(nodeId: string): Promise<number[]> {
  const rows = await cloud.deps.db
    .select({ seq: scans.seq })
    .from(scans)
    .where(eq(scans.nodeId, nodeId))
    .orderBy(asc(scans.seq));
  return rows.map((r) => Number(r.seq));
}

describe('sync: manifest', () => {
  describe('happy path', () => {
    it('returns the node, its venue, the venue’s events and its tickets', async () => {
      const setup = await setupEvent(cloud.api);
      const { tickets } = await buyTickets(cloud.api, setup, 2);
      const res = await rawRequest(cloud, 'GET', '/sync/manifest', { token: setup.node.token });
      expect(res.status).toBe(200);
      const page = manifestPageSchema.parse(res.body);
      expect(page.node).toEqual({ id: setup.node.id, venueId: setup.venueId, name: 'Gate A' });
      expect(page.venue).toEqual({ id: setup.venueId, name: 'Arena', capacity: 1000, timezone: 'UTC' });
      expect(page.events).toHaveLength(1);
      const [event] = page.events;
      expect(event).toMatchObject({ id: setup.eventId, name: 'Show', status: 'PUBLISHED' });
      expect(event!.tiers.map((t) => t.id).sort()).toEqual([setup.tierId, setup.freeTierId].sort());
      expect(event!.keys).toHaveLength(1);
      expect(page.tickets.map((t) => t.id).sort()).toEqual(tickets.map((t) => t.id).sort());
      for (const t of page.tickets) {
        expect(t).toEqual({
          id: t.id,
          eventId: setup.eventId,
          tierId: setup.tierId,
          status: 'VALID',
          version: 1,
        });
      }
      expect(page.hasMore).toBe(false);
      expect(page.remaining).toBe(0);
    });

    it('events carry public keys only: no "d" member in any JWK', async () => {
      const setup = await setupEvent(cloud.api);
      await buyTickets(cloud.api, setup, 1);
      const res = await rawRequest(cloud, 'GET', '/sync/manifest', { token: setup.node.token });
      const page = manifestPageSchema.parse(res.body);
      const jwks = page.events.flatMap((e) => e.keys.map((k) => k.publicJwk));
      expect(jwks.length).toBeGreaterThan(0);
      for (const jwk of jwks) {
        expect(Object.keys(jwk)).not.toContain('d');
        expect(jwk.x).toEqual(expect.any(String));
      }
      expect(res.text).not.toMatch(/"d"\s*:/);
    });

    it('draft events of the venue are left out', async () => {
      const setup = await setupEvent(cloud.api);
      const draft = await setup.promoter.api.post('/events', {
        venueId: setup.venueId,
        name: 'Not yet',
        startsAt: '2030-01-01T20:00:00Z',
        endsAt: '2030-01-01T23:00:00Z',
      });
      const page = await pull(setup.node.token);
      expect(page.events.map((e) => e.id)).toEqual([setup.eventId]);
      expect(page.events.map((e) => e.id)).not.toContain(draft.id);
    });

    it('paging with limit=1 walks every ticket exactly once with hasMore and remaining right', async () => {
      const setup = await setupEvent(cloud.api);
      const first = await buyTickets(cloud.api, setup, 2);
      const second = await buyTickets(cloud.api, setup, 1);
      const sold = [...first.tickets, ...second.tickets].map((t) => t.id);
      expect(sold).toHaveLength(3);

      const pages = await pullAll(setup.node.token, 1);
      expect(pages).toHaveLength(3);
      pages.forEach((page, i) => {
        expect(page.tickets).toHaveLength(1);
        expect(page.hasMore).toBe(i < 2);
        expect(page.remaining).toBe(i < 2 ? 2 - i : 0);
      });
      const seen = pages.flatMap((p) => p.tickets.map((t) => t.id));
      expect(seen.sort()).toEqual([...sold].sort());
      expect(new Set(seen).size).toBe(3);

      // At the end: nothing more, and the cursor stays put.
      const last = pages.at(-1)!;
      const after = await pull(setup.node.token, `?limit=1&cursor=${last.cursor}`);
      expect(after).toMatchObject({ tickets: [], hasMore: false, remaining: 0, cursor: last.cursor });

      // A later sale arrives after that cursor, alone.
      const third = await buyTickets(cloud.api, setup, 1);
      const next = await pull(setup.node.token, `?cursor=${last.cursor}`);
      expect(next.tickets.map((t) => t.id)).toEqual([third.tickets[0]!.id]);
    });

    it('a big page returns everything at once with the same cursor the small pages end at', async () => {
      const setup = await setupEvent(cloud.api);
      await buyTickets(cloud.api, setup, 3);
      const big = await pull(setup.node.token, '?limit=1000');
      const small = await pullAll(setup.node.token, 2);
      expect(big.tickets).toHaveLength(3);
      expect(small.at(-1)!.cursor).toBe(big.cursor);
    });
  });

  describe('errors', () => {
    it('a missing or bad node token is 401', async () => {
      const setup = await setupEvent(cloud.api);
      expectErrorBody(await rawRequest(cloud, 'GET', '/sync/manifest'), 401, 'UNAUTHORIZED');
      const wrongSecret = `${setup.node.id}.not-the-secret`;
      expectErrorBody(
        await rawRequest(cloud, 'GET', '/sync/manifest', { token: wrongSecret }),
        401,
        'UNAUTHORIZED',
      );
      expectErrorBody(
        await rawRequest(cloud, 'GET', '/sync/manifest', { token: 'garbage' }),
        401,
        'UNAUTHORIZED',
      );
      // Another node's secret under this node's id does not pass either.
      const other = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
      const spliced = `${setup.node.id}.${(other.token as string).split('.')[1]}`;
      expectErrorBody(
        await rawRequest(cloud, 'GET', '/sync/manifest', { token: spliced }),
        401,
        'UNAUTHORIZED',
      );
      // A user's access token is not a node token.
      expectErrorBody(
        await rawRequest(cloud, 'GET', '/sync/manifest', { token: setup.promoter.accessToken }),
        401,
        'UNAUTHORIZED',
      );
    });

    it('a garbage cursor is 400 naming the cursor', async () => {
      const setup = await setupEvent(cloud.api);
      for (const cursor of ['not-a-cursor', Buffer.from('12:../../etc').toString('base64url'), '%%%']) {
        const res = await rawRequest(cloud, 'GET', `/sync/manifest?cursor=${encodeURIComponent(cursor)}`, {
          token: setup.node.token,
        });
        expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(/^cursor: /);
      }
    });

    it('a limit out of range is 400 naming the limit', async () => {
      const setup = await setupEvent(cloud.api);
      for (const limit of ['0', '5001', 'many']) {
        const res = await rawRequest(cloud, 'GET', `/sync/manifest?limit=${limit}`, {
          token: setup.node.token,
        });
        expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(/^limit: /);
      }
    });
  });

  describe('security', () => {
    it('a node sees only its own venue: a second organization’s node sees none of the first’s tickets', async () => {
      const first = await setupEvent(cloud.api);
      await buyTickets(cloud.api, first, 2);
      const second = await setupEvent(cloud.api);
      const page = await pull(second.node.token);
      expect(page.node.venueId).toBe(second.venueId);
      expect(page.tickets).toEqual([]);
      expect(page.events.map((e) => e.id)).toEqual([second.eventId]);
      const own = await pull(first.node.token);
      expect(own.tickets).toHaveLength(2);
    });

    it('another venue of the same organization is not visible either', async () => {
      const setup = await setupEvent(cloud.api);
      await buyTickets(cloud.api, setup, 1);
      const venue = await setup.promoter.api.post(`/organizations/${setup.orgId}/venues`, {
        name: 'Annex',
        capacity: 50,
      });
      const node = await setup.promoter.api.post(`/venues/${venue.id}/edge-nodes`, { name: 'Annex gate' });
      const page = await pull(node.token);
      expect(page.tickets).toEqual([]);
      expect(page.events).toEqual([]);
    });
  });
});

describe('sync: scan upload', () => {
  describe('happy path', () => {
    it('stores a batch and answers {ackedSeq, accepted}', async () => {
      const setup = await setupEvent(cloud.api);
      const res = await upload(setup, { nodeId: setup.node.id, scans: [scanRow(1), scanRow(2), scanRow(3)] });
      expect(res.status).toBe(200);
      expect(scanAckSchema.parse(res.body)).toEqual({ ackedSeq: 3, accepted: 3 });
      expect(res.body).toEqual({ ackedSeq: 3, accepted: 3 });
      expect(await storedSeqs(setup.node.id)).toEqual([1, 2, 3]);
      const nodes = await setup.promoter.api.get(`/venues/${setup.venueId}/edge-nodes`);
      expect(nodes.data[0]).toMatchObject({ id: setup.node.id, ackedSeq: 3, lastSeenAt: expect.any(String) });
    });

    it('re-sending the same batch accepts 0 and keeps ackedSeq', async () => {
      const setup = await setupEvent(cloud.api);
      const batch = { nodeId: setup.node.id, scans: [scanRow(1), scanRow(2)] };
      expect((await upload(setup, batch)).body).toEqual({ ackedSeq: 2, accepted: 2 });
      expect((await upload(setup, batch)).body).toEqual({ ackedSeq: 2, accepted: 0 });
      expect(await storedSeqs(setup.node.id)).toEqual([1, 2]);
    });

    it('a batch with a gap (1,2,4) acks 2 and stores only 1..2; then 3,4 acks 4', async () => {
      const setup = await setupEvent(cloud.api);
      const gap = await upload(setup, { nodeId: setup.node.id, scans: [scanRow(1), scanRow(2), scanRow(4)] });
      expect(gap.body).toEqual({ ackedSeq: 2, accepted: 2 });
      expect(await storedSeqs(setup.node.id)).toEqual([1, 2]);
      const filled = await upload(setup, { nodeId: setup.node.id, scans: [scanRow(3), scanRow(4)] });
      expect(filled.body).toEqual({ ackedSeq: 4, accepted: 2 });
      expect(await storedSeqs(setup.node.id)).toEqual([1, 2, 3, 4]);
    });

    it('accepts a batch out of order and overlapping what is already stored', async () => {
      const setup = await setupEvent(cloud.api);
      await upload(setup, { nodeId: setup.node.id, scans: [scanRow(1), scanRow(2)] });
      const res = await upload(setup, {
        nodeId: setup.node.id,
        scans: [scanRow(4), scanRow(2), scanRow(3), scanRow(1)],
      });
      expect(res.body).toEqual({ ackedSeq: 4, accepted: 2 });
      expect(await storedSeqs(setup.node.id)).toEqual([1, 2, 3, 4]);
    });

    it('a batch that starts after a gap stores nothing and keeps ackedSeq', async () => {
      const setup = await setupEvent(cloud.api);
      const res = await upload(setup, { nodeId: setup.node.id, scans: [scanRow(2), scanRow(3)] });
      expect(res.body).toEqual({ ackedSeq: 0, accepted: 0 });
      expect(await storedSeqs(setup.node.id)).toEqual([]);
    });
  });

  describe('errors', () => {
    it('a nodeId not matching the token is 403 and stores nothing', async () => {
      const setup = await setupEvent(cloud.api);
      const other = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
      const res = await upload(setup, { nodeId: other.id, scans: [scanRow(1)] });
      expect(expectErrorBody(res, 403, 'FORBIDDEN').message).toMatch(/^nodeId: /);
      expect(await storedSeqs(other.id)).toEqual([]);
      expect(await storedSeqs(setup.node.id)).toEqual([]);
    });

    it('invalid bodies are 400 naming the field', async () => {
      const setup = await setupEvent(cloud.api);
      const nodeId = setup.node.id;
      const cases: [unknown, RegExp][] = [
        [{ nodeId, scans: [] }, /^scans: /],
        [{ scans: [scanRow(1)] }, /^nodeId: /],
        [{ nodeId, scans: [scanRow(0)] }, /^scans\.0\.seq: /],
        [{ nodeId, scans: [scanRow(1, { seq: 1.5 })] }, /^scans\.0\.seq: /],
        [
          { nodeId, scans: [scanRow(1), scanRow(2, { direction: 'sideways' as 'entry' })] },
          /^scans\.1\.direction: /,
        ],
        [{ nodeId, scans: [scanRow(1, { decision: 'maybe' as 'admit' })] }, /^scans\.0\.decision: /],
        [{ nodeId, scans: [scanRow(1, { reason: 'because' as 'ok' })] }, /^scans\.0\.reason: /],
        [{ nodeId, scans: [scanRow(1, { at: 'yesterday' })] }, /^scans\.0\.at: /],
        [{ nodeId, scans: [scanRow(1, { laneId: '' })] }, /^scans\.0\.laneId: /],
        [{ nodeId, scans: Array.from({ length: 1001 }, (_, i) => scanRow(i + 1)) }, /^scans: /],
      ];
      for (const [body, message] of cases) {
        const res = await upload(setup, body);
        expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(message);
      }
      expect(await storedSeqs(nodeId)).toEqual([]);
    });

    it('a missing or bad node token is 401', async () => {
      const setup = await setupEvent(cloud.api);
      const body = { nodeId: setup.node.id, scans: [scanRow(1)] };
      expectErrorBody(await rawRequest(cloud, 'POST', '/sync/scans', { json: body }), 401, 'UNAUTHORIZED');
      expectErrorBody(
        await rawRequest(cloud, 'POST', '/sync/scans', { json: body, token: `${setup.node.id}.forged` }),
        401,
        'UNAUTHORIZED',
      );
      expectErrorBody(
        await rawRequest(cloud, 'POST', '/sync/scans', { json: body, token: setup.promoter.accessToken }),
        401,
        'UNAUTHORIZED',
      );
      expect(await storedSeqs(setup.node.id)).toEqual([]);
    });
  });
});

describe('attendance', () => {
  describe('happy path', () => {
    it('counts admitted entries and exits; rejections do not count', async () => {
      const setup = await setupEvent(cloud.api);
      const { tickets } = await buyTickets(cloud.api, setup, 3);
      const [a, b, c] = tickets.map((t) => t.id);
      const e = setup.eventId;
      const res = await upload(setup, {
        nodeId: setup.node.id,
        scans: [
          scanRow(1, { ticketId: a!, eventId: e }),
          scanRow(2, { ticketId: b!, eventId: e }),
          scanRow(3, { ticketId: a!, eventId: e, decision: 'reject', reason: 'already_inside' }),
          scanRow(4, { ticketId: a!, eventId: e, direction: 'exit' }),
          scanRow(5, { ticketId: c!, eventId: e }),
          scanRow(6, { ticketId: null, eventId: null, decision: 'reject', reason: 'malformed' }),
          scanRow(7, {
            ticketId: b!,
            eventId: e,
            direction: 'exit',
            decision: 'reject',
            reason: 'not_inside',
          }),
        ],
      });
      expect(res.body).toEqual({ ackedSeq: 7, accepted: 7 });
      const attendance = await rawRequest(cloud, 'GET', `/events/${e}/attendance`, {
        token: setup.promoter.accessToken,
      });
      expect(attendance.status).toBe(200);
      expect(attendance.body).toEqual({ eventId: e, entries: 3, exits: 1, inside: 2 });
    });

    it('is all zeros before any upload, and a re-sent batch does not count twice', async () => {
      const setup = await setupEvent(cloud.api);
      expect(await setup.promoter.api.get(`/events/${setup.eventId}/attendance`)).toEqual({
        eventId: setup.eventId,
        entries: 0,
        exits: 0,
        inside: 0,
      });
      const batch = { nodeId: setup.node.id, scans: [scanRow(1, { eventId: setup.eventId, ticketId: 't' })] };
      await upload(setup, batch);
      await upload(setup, batch);
      expect(await setup.promoter.api.get(`/events/${setup.eventId}/attendance`)).toMatchObject({
        entries: 1,
        inside: 1,
      });
    });

    it('adds up the scans of every node of the venue', async () => {
      const setup = await setupEvent(cloud.api);
      const second = await setup.promoter.api.post(`/venues/${setup.venueId}/edge-nodes`, { name: 'Gate B' });
      const e = setup.eventId;
      await upload(setup, { nodeId: setup.node.id, scans: [scanRow(1, { eventId: e, ticketId: 'x' })] });
      const res = await rawRequest(cloud, 'POST', '/sync/scans', {
        token: second.token,
        json: {
          nodeId: second.id,
          scans: [scanRow(1, { eventId: e, ticketId: 'y' }), scanRow(2, { eventId: e, ticketId: 'y' })],
        },
      });
      expect(res.body).toEqual({ ackedSeq: 2, accepted: 2 });
      expect(await setup.promoter.api.get(`/events/${e}/attendance`)).toMatchObject({
        entries: 3,
        exits: 0,
        inside: 3,
      });
    });
  });

  describe('errors', () => {
    it('an unknown event is 404', async () => {
      const account = await registerAccount(cloud.api);
      await expectApiError(account.api.get('/events/no-such-event/attendance'), 404, 'NOT_FOUND');
    });
  });

  describe('security', () => {
    it('scans uploaded by another venue’s node for this event do not count', async () => {
      const setup = await setupEvent(cloud.api);
      const intruder = await setupEvent(cloud.api);
      const e = setup.eventId;
      await upload(setup, { nodeId: setup.node.id, scans: [scanRow(1, { eventId: e, ticketId: 'real' })] });
      const forged = await upload(intruder, {
        nodeId: intruder.node.id,
        scans: Array.from({ length: 5 }, (_, i) => scanRow(i + 1, { eventId: e, ticketId: `fake-${i}` })),
      });
      // The node stores its own journal (it is its record), but the figures ignore it.
      expect(forged.body).toEqual({ ackedSeq: 5, accepted: 5 });
      expect(await setup.promoter.api.get(`/events/${e}/attendance`)).toEqual({
        eventId: e,
        entries: 1,
        exits: 0,
        inside: 1,
      });
    });

    it('is 404 for non-members, even for a published event, and 401 anonymous', async () => {
      const setup = await setupEvent(cloud.api);
      const buyer = (await buyTickets(cloud.api, setup, 1)).buyer;
      const stranger = await setupEvent(cloud.api);
      await expectApiError(buyer.api.get(`/events/${setup.eventId}/attendance`), 404, 'NOT_FOUND');
      await expectApiError(
        stranger.promoter.api.get(`/events/${setup.eventId}/attendance`),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await rawRequest(cloud, 'GET', `/events/${setup.eventId}/attendance`),
        401,
        'UNAUTHORIZED',
      );
      // A node token is not a member's token.
      expectErrorBody(
        await rawRequest(cloud, 'GET', `/events/${setup.eventId}/attendance`, { token: setup.node.token }),
        401,
        'UNAUTHORIZED',
      );
    });
  });
});
