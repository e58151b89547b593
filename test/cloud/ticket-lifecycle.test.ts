import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekTicketCode } from '../../src/shared/ticket-code.ts';
import type { ManifestPage, ManifestTicket } from '../../src/sync/protocol.ts';
import { postgresAvailable, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import {
  buyTickets,
  expectApiError,
  type PromoterSetup,
  registerAccount,
  setupEvent,
} from '../helpers/factories.ts';
import { expectErrorBody, rawRequest } from './support.ts';

/* Transfers, cancellations and QR codes, on a real Postgres server (where the manifest cursor matters most). */
const pgUp = postgresAvailable();
if (!pgUp) {
  if (process.env.CI)
    throw new Error('no test Postgres server under CI: install the Debian package postgresql');
  console.warn(
    'SKIPPING test/cloud/ticket-lifecycle.test.ts: no Postgres server (install the Debian package postgresql)',
  );
}

describe.skipIf(!pgUp)('ticket lifecycle', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud({ engine: 'postgres' });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  /** Every manifest change after `cursor`, as the edge node would pull it. */
  async function pull(
    setup: PromoterSetup,
    cursor = '',
  ): Promise<{ page: ManifestPage; tickets: ManifestTicket[]; cursor: string }> {
    const tickets: ManifestTicket[] = [];
    for (;;) {
      const page = await cloud.api
        .as(setup.node.token)
        .get<ManifestPage>(`/sync/manifest?cursor=${cursor}&limit=500`);
      tickets.push(...page.tickets);
      cursor = page.cursor;
      if (!page.hasMore) return { page, tickets, cursor };
    }
  }

  describe('happy path', () => {
    it('a transfer gives the recipient a new code and the revocation reaches the edge manifest', async () => {
      const setup = await setupEvent(cloud.api);
      const { buyer, tickets } = await buyTickets(cloud.api, setup, 1);
      const before = await pull(setup);
      expect(before.tickets.find((t) => t.id === tickets[0]!.id)).toMatchObject({
        version: 1,
        status: 'VALID',
      });

      const friend = await registerAccount(cloud.api, 'Friend');
      const moved = await buyer.api.post(`/tickets/${tickets[0]!.id}/transfer`, {
        email: friend.user.email.toUpperCase(),
      });
      expect(moved).toMatchObject({ id: tickets[0]!.id, version: 2, holderEmail: friend.user.email });
      expect(moved).not.toHaveProperty('code');

      const theirs = await friend.api.get(`/tickets/${tickets[0]!.id}`);
      expect(theirs.code).not.toBe(tickets[0]!.code);
      expect(peekTicketCode(theirs.code)?.claims).toMatchObject({ t: tickets[0]!.id, v: 2 });
      expect(peekTicketCode(tickets[0]!.code)?.claims.v).toBe(1);
      expect((await buyer.api.get('/me/tickets')).data).toEqual([]);
      // The old holder no longer sees the ticket at all.
      await expectApiError(buyer.api.get(`/tickets/${tickets[0]!.id}`), 404, 'NOT_FOUND');

      const after = await pull(setup, before.cursor);
      expect(after.tickets).toEqual([
        expect.objectContaining({ id: tickets[0]!.id, version: 2, status: 'VALID' }),
      ]);
    });

    it('cancelling an event revokes its tickets through the manifest, releases holds and marks paid orders for refund', async () => {
      const setup = await setupEvent(cloud.api);
      const sold = await buyTickets(cloud.api, setup, 2);
      const holder = await registerAccount(cloud.api, 'Holder');
      const pending = await holder.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 3 }] });
      const before = await pull(setup);

      const res = await setup.promoter.api.post(`/events/${setup.eventId}/cancel`);
      expect(res).toMatchObject({ event: { status: 'CANCELLED' }, ticketsCancelled: 2, ordersToRefund: 1 });

      const after = await pull(setup, before.cursor);
      expect(after.tickets.map((t) => [t.id, t.status]).sort()).toEqual(
        sold.tickets.map((t) => [t.id, 'CANCELLED']).sort(),
      );
      expect(after.page.events.find((e) => e.id === setup.eventId)?.status).toBe('CANCELLED');
      expect(await sold.buyer.api.get(`/orders/${sold.orderId}`)).toMatchObject({
        status: 'CANCELLED',
        refundDue: true,
      });
      expect(await holder.api.get(`/orders/${pending.id}`)).toMatchObject({
        status: 'CANCELLED',
        refundDue: false,
      });
      const availability = await cloud.api.get(`/tiers/${setup.tierId}/availability`);
      expect(availability).toMatchObject({
        isOnSale: false,
        canPurchase: false,
        message: 'the event is cancelled',
      });
    });

    it('the organization cancels one ticket: the manifest carries it and the seat goes back on sale', async () => {
      const setup = await setupEvent(cloud.api, { quantity: 2 });
      const { tickets } = await buyTickets(cloud.api, setup, 2);
      const before = await pull(setup);
      const cancelled = await setup.promoter.api.post(`/tickets/${tickets[1]!.id}/cancel`);
      expect(cancelled.status).toBe('CANCELLED');
      const after = await pull(setup, before.cursor);
      expect(after.tickets).toEqual([expect.objectContaining({ id: tickets[1]!.id, status: 'CANCELLED' })]);
      expect(await cloud.api.get(`/tiers/${setup.tierId}/availability`)).toMatchObject({
        sold: 1,
        available: 1,
      });
    });

    it('QR images in PNG and SVG carry the ticket’s code; the holder names an attendee', async () => {
      const setup = await setupEvent(cloud.api);
      const { buyer, tickets } = await buyTickets(cloud.api, setup, 1);
      const png = await fetch(`${cloud.url}/api/v1/tickets/${tickets[0]!.id}/qr.png`, {
        headers: { authorization: `Bearer ${buyer.accessToken}` },
      });
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      const bytes = new Uint8Array(await png.arrayBuffer());
      expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const svg = await rawRequest(cloud, 'GET', `/tickets/${tickets[0]!.id}/qr.svg`, {
        token: buyer.accessToken,
      });
      expect(svg.headers.get('content-type')).toBe('image/svg+xml');
      expect(svg.text).toMatch(/^<svg [^>]*viewBox/);
      // The organization may show it too (box office reprint).
      const orgSvg = await rawRequest(cloud, 'GET', `/tickets/${tickets[0]!.id}/qr.svg`, {
        token: setup.promoter.accessToken,
      });
      expect(orgSvg.text).toBe(svg.text);

      const named = await buyer.api.request('PATCH', `/tickets/${tickets[0]!.id}`, {
        attendeeName: 'Ada Lovelace',
        attendeeEmail: 'ada@example.com',
      });
      expect(named).toMatchObject({
        attendeeName: 'Ada Lovelace',
        attendeeEmail: 'ada@example.com',
        version: 1,
      });
    });
  });

  describe('errors', () => {
    it('transfers refuse an unknown recipient (422), oneself (400), a bad email (400) and a non-transferable tier (409)', async () => {
      const setup = await setupEvent(cloud.api);
      const { buyer, tickets } = await buyTickets(cloud.api, setup, 1);
      const id = tickets[0]!.id;
      const post = (email: string) =>
        rawRequest(cloud, 'POST', `/tickets/${id}/transfer`, { token: buyer.accessToken, json: { email } });
      expect(expectErrorBody(await post('nobody@test.tixmo'), 422, 'UNPROCESSABLE').message).toMatch(
        /^email: no TixMo account/,
      );
      expect(expectErrorBody(await post(buyer.user.email), 400, 'BAD_REQUEST').message).toBe(
        'email: you already hold this ticket',
      );
      expect(expectErrorBody(await post('not-an-email'), 400, 'BAD_REQUEST').message).toMatch(/^email: /);
      await setup.promoter.api.request('PATCH', `/tiers/${setup.tierId}`, { transferable: false });
      const friend = await registerAccount(cloud.api, 'Friend');
      expect(expectErrorBody(await post(friend.user.email), 409, 'CONFLICT').message).toBe(
        '"GA" tickets cannot be transferred',
      );
    });

    it('a cancelled ticket cannot be transferred, cancelled again or shown as a QR', async () => {
      const setup = await setupEvent(cloud.api);
      const { buyer, tickets } = await buyTickets(cloud.api, setup, 1);
      await setup.promoter.api.post(`/tickets/${tickets[0]!.id}/cancel`);
      const friend = await registerAccount(cloud.api, 'Friend');
      await expectApiError(
        buyer.api.post(`/tickets/${tickets[0]!.id}/transfer`, { email: friend.user.email }),
        409,
        'CONFLICT',
      );
      await expectApiError(setup.promoter.api.post(`/tickets/${tickets[0]!.id}/cancel`), 409, 'CONFLICT');
      expectErrorBody(
        await rawRequest(cloud, 'GET', `/tickets/${tickets[0]!.id}/qr.png`, { token: buyer.accessToken }),
        409,
        'CONFLICT',
      );
    });
  });

  describe('security', () => {
    it('a stranger, another organization and an anonymous caller never see a ticket or its code', async () => {
      const setup = await setupEvent(cloud.api);
      const rival = await setupEvent(cloud.api);
      const { tickets } = await buyTickets(cloud.api, setup, 1);
      const stranger = await registerAccount(cloud.api, 'Stranger');
      const id = tickets[0]!.id;
      for (const token of [stranger.accessToken, rival.promoter.accessToken]) {
        for (const path of [`/tickets/${id}`, `/tickets/${id}/qr.png`, `/tickets/${id}/qr.svg`]) {
          expectErrorBody(await rawRequest(cloud, 'GET', path, { token }), 404, 'NOT_FOUND');
        }
        expectErrorBody(
          await rawRequest(cloud, 'POST', `/tickets/${id}/transfer`, {
            token,
            json: { email: stranger.user.email },
          }),
          404,
          'NOT_FOUND',
        );
        expectErrorBody(
          await rawRequest(cloud, 'POST', `/tickets/${id}/cancel`, { token }),
          404,
          'NOT_FOUND',
        );
      }
      expectErrorBody(await rawRequest(cloud, 'GET', `/tickets/${id}/qr.png`), 401, 'UNAUTHORIZED');
    });

    it('only the holder transfers or names; only an OWNER/ADMIN cancels; only a manager cancels an event', async () => {
      const setup = await setupEvent(cloud.api);
      const { buyer, tickets } = await buyTickets(cloud.api, setup, 1);
      const id = tickets[0]!.id;
      const friend = await registerAccount(cloud.api, 'Friend');
      await expectApiError(
        setup.promoter.api.post(`/tickets/${id}/transfer`, { email: friend.user.email }),
        403,
        'FORBIDDEN',
      );
      await expectApiError(
        setup.promoter.api.request('PATCH', `/tickets/${id}`, { attendeeName: 'X' }),
        403,
        'FORBIDDEN',
      );
      await expectApiError(buyer.api.post(`/tickets/${id}/cancel`), 403, 'FORBIDDEN');
      await expectApiError(buyer.api.post(`/events/${setup.eventId}/cancel`), 404, 'NOT_FOUND');
      const rival = await setupEvent(cloud.api);
      await expectApiError(rival.promoter.api.post(`/events/${setup.eventId}/cancel`), 404, 'NOT_FOUND');
      expect((await buyer.api.get(`/tickets/${id}`)).status).toBe('VALID');
    });
  });
});
