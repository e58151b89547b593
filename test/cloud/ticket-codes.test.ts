import type { CryptoKey, JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEventKey, peekTicketCode, verifyTicketCode } from '../../src/shared/ticket-code.ts';
import type { ManifestPage } from '../../src/sync/protocol.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, type PromoterSetup, registerAccount, setupEvent } from '../helpers/factories.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

/** The public keys the venue's edge node receives, by kid: what the gate verifies with. */
async function gateKeys(setup: PromoterSetup): Promise<Map<string, { eventId: string; jwk: JWK }>> {
  const page = await cloud.api.as(setup.node.token).get<ManifestPage>('/sync/manifest');
  const keys = new Map<string, { eventId: string; jwk: JWK }>();
  for (const event of page.events)
    for (const k of event.keys) keys.set(k.kid, { eventId: event.id, jwk: k.publicJwk as JWK });
  return keys;
}

async function lookupFrom(keys: Map<string, { jwk: JWK }>) {
  const imported = new Map<string, CryptoKey>();
  for (const [kid, { jwk }] of keys) imported.set(kid, await importEventKey(jwk));
  return (kid: string) => imported.get(kid);
}

/** Changes one base64url character at `index` of the code to a different one. */
function flipAt(code: string, index: number): string {
  const c = code[index]!;
  const replacement = c === 'A' ? 'B' : 'A';
  return `${code.slice(0, index)}${replacement}${code.slice(index + 1)}`;
}

describe('ticket codes', () => {
  describe('happy path', () => {
    it('a code from /me/tickets verifies with the event’s public key from the manifest', async () => {
      const setup = await setupEvent(cloud.api);
      const { tickets } = await buyTickets(cloud.api, setup, 2);
      expect(tickets).toHaveLength(2);
      const keys = await gateKeys(setup);
      expect(keys.size).toBe(1);
      expect([...keys.values()][0]!.eventId).toBe(setup.eventId);
      const lookup = await lookupFrom(keys);

      for (const ticket of tickets) {
        const check = await verifyTicketCode(ticket.code, lookup);
        expect(check.ok).toBe(true);
        if (!check.ok) continue;
        expect(keys.has(check.kid)).toBe(true);
        expect(check.claims).toMatchObject({ t: ticket.id, e: setup.eventId, r: setup.tierId, v: 1 });
      }
    });

    it('the claims carry a validity window around the event', async () => {
      const setup = await setupEvent(cloud.api);
      const { tickets } = await buyTickets(cloud.api, setup, 1);
      const event = await setup.promoter.api.get(`/events/${setup.eventId}`);
      const peeked = peekTicketCode(tickets[0]!.code);
      expect(peeked).not.toBeNull();
      const startsAt = Date.parse(event.startsAt) / 1000;
      const endsAt = Date.parse(event.endsAt) / 1000;
      expect(peeked!.claims.nbf).toBeLessThanOrEqual(startsAt);
      expect(peeked!.claims.exp).toBeGreaterThanOrEqual(endsAt);
    });

    it('free tickets are signed the same way and name their tier', async () => {
      const setup = await setupEvent(cloud.api);
      const { api } = await registerAccount(cloud.api, 'Free');
      await api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 1 }] });
      const [ticket] = (await api.get('/me/tickets')).data as { id: string; code: string }[];
      const check = await verifyTicketCode(ticket!.code, await lookupFrom(await gateKeys(setup)));
      expect(check).toMatchObject({
        ok: true,
        claims: { t: ticket!.id, e: setup.eventId, r: setup.freeTierId },
      });
    });
  });

  describe('errors', () => {
    it('a code with one character of the signature flipped fails verification', async () => {
      const setup = await setupEvent(cloud.api);
      const { tickets } = await buyTickets(cloud.api, setup, 1);
      const code = tickets[0]!.code;
      const lookup = await lookupFrom(await gateKeys(setup));
      const signatureStart = code.lastIndexOf('.') + 1;
      // Flip a character in the middle of the signature (the last one may only carry padding bits).
      const tampered = flipAt(code, signatureStart + 10);
      expect(tampered).not.toBe(code);
      const check = await verifyTicketCode(tampered, lookup);
      expect(check.ok).toBe(false);
      expect(check).toMatchObject({ ok: false, reason: 'bad_signature' });
    });

    it('a code whose claims were edited (another tier) fails verification', async () => {
      const setup = await setupEvent(cloud.api);
      const { tickets } = await buyTickets(cloud.api, setup, 1);
      const [header, payload, signature] = tickets[0]!.code.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const upgraded = Buffer.from(JSON.stringify({ ...claims, r: setup.freeTierId })).toString('base64url');
      const check = await verifyTicketCode(
        `${header}.${upgraded}.${signature}`,
        await lookupFrom(await gateKeys(setup)),
      );
      expect(check).toMatchObject({ ok: false, reason: 'bad_signature' });
    });
  });

  describe('security', () => {
    it('a code of one event does not verify with another event’s keys', async () => {
      const a = await setupEvent(cloud.api);
      const b = await setupEvent(cloud.api);
      const { tickets } = await buyTickets(cloud.api, a, 1);
      const bKeys = await gateKeys(b);
      const check = await verifyTicketCode(tickets[0]!.code, await lookupFrom(bKeys));
      expect(check.ok).toBe(false);

      // Even when the other event's key is offered under the code's own kid.
      const kid = peekTicketCode(tickets[0]!.code)!.kid;
      const foreign = await importEventKey([...bKeys.values()][0]!.jwk);
      const forced = await verifyTicketCode(tickets[0]!.code, (k) => (k === kid ? foreign : undefined));
      expect(forced).toMatchObject({ ok: false, reason: 'bad_signature' });
    });

    it('the manifest hands out only public keys: no private part in any JWK', async () => {
      const setup = await setupEvent(cloud.api);
      await buyTickets(cloud.api, setup, 1);
      const keys = await gateKeys(setup);
      expect(keys.size).toBeGreaterThan(0);
      for (const { jwk } of keys.values()) {
        expect(jwk).not.toHaveProperty('d');
        expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String) });
      }
    });
  });
});
