import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeScopes } from '../../src/cloud/api-keys/scopes.ts';
import { apiKeys } from '../../src/cloud/db/schema.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { type PromoterSetup, registerAccount, setupEvent } from '../helpers/factories.ts';
import { expectErrorBody, rawRequest, withClockAhead } from './support.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

async function createKey(setup: PromoterSetup, scopes: string[], token = setup.promoter.accessToken) {
  const res = await rawRequest(cloud, 'POST', `/organizations/${setup.orgId}/api-keys`, {
    token,
    json: { name: `key ${scopes.join('+')}`, scopes },
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; key: string; prefix: string; scopes: string[]; lastUsedAt: string | null };
}

const rowOf = async (id: string) =>
  (await cloud.deps.db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]!;

describe('API keys', () => {
  describe('happy path', () => {
    it('is shown once at creation; the table keeps only its SHA-256 and a short prefix', async () => {
      const setup = await setupEvent(cloud.api);
      const created = await createKey(setup, ['read']);
      expect(created.key).toMatch(/^tixmo_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/);
      expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);
      expect(created.prefix).toHaveLength('tixmo_'.length + 10);

      const list = await rawRequest(cloud, 'GET', `/organizations/${setup.orgId}/api-keys`, {
        token: setup.promoter.accessToken,
      });
      expect(list.status).toBe(200);
      expect(list.body.data).toHaveLength(1);
      expect(list.body.data[0]).toMatchObject({ id: created.id, prefix: created.prefix, scopes: ['read'] });
      expect(list.text).not.toContain(created.key.slice(created.prefix.length + 1));

      const row = await rowOf(created.id);
      const secret = created.key.slice(created.prefix.length + 1);
      expect(JSON.stringify(row)).not.toContain(secret);
      expect(row.keyHash).toBe(createHash('sha256').update(created.key).digest('base64url'));
      expect(row.prefix).toBe(created.prefix);
    });

    it('works wherever a member token does, within its scopes: each route group needs its scope', async () => {
      const setup = await setupEvent(cloud.api, { publish: false });
      const read = (await createKey(setup, ['read'])).key;
      const catalog = (await createKey(setup, ['catalog'])).key;
      const boxOffice = (await createKey(setup, ['box-office'])).key;
      const analytics = (await createKey(setup, ['analytics'])).key;
      const syncOps = (await createKey(setup, ['sync-ops'])).key;

      // read: the draft is visible to a key of its organization
      expect((await rawRequest(cloud, 'GET', `/events/${setup.eventId}`, { token: read })).status).toBe(200);
      expect((await rawRequest(cloud, 'GET', `/venues/${setup.venueId}`, { token: read })).status).toBe(200);
      const refused = expectErrorBody(
        await rawRequest(cloud, 'PATCH', `/events/${setup.eventId}`, { token: read, json: { name: 'X' } }),
        403,
        'FORBIDDEN',
      );
      expect(refused.message).toContain('"catalog"');

      // catalog: create and publish an event; reading needs read
      const created = await rawRequest(cloud, 'POST', '/events', {
        token: catalog,
        json: {
          venueId: setup.venueId,
          name: 'By key',
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          endsAt: new Date(Date.now() + 90_000_000).toISOString(),
        },
      });
      expect(created.status, created.text).toBe(201);
      expect(
        (await rawRequest(cloud, 'POST', `/events/${setup.eventId}/publish`, { token: catalog })).body.status,
      ).toBe('PUBLISHED');
      const needsRead = expectErrorBody(
        await rawRequest(cloud, 'GET', `/venues/${setup.venueId}`, { token: catalog }),
        403,
        'FORBIDDEN',
      );
      expect(needsRead.message).toContain('"read"');

      // box-office: confirm a buyer's pending order
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 2 }] });
      expect(
        expectErrorBody(
          await rawRequest(cloud, 'POST', `/orders/${order.id}/confirm`, { token: catalog }),
          403,
          'FORBIDDEN',
        ).message,
      ).toContain('"box-office"');
      const confirmed = await rawRequest(cloud, 'POST', `/orders/${order.id}/confirm`, { token: boxOffice });
      expect(confirmed.status, confirmed.text).toBe(200);
      expect(confirmed.body.status).toBe('CONFIRMED');
      const refund = await rawRequest(cloud, 'POST', `/orders/${order.id}/refunds`, {
        token: boxOffice,
        json: { reason: 'changed plans' },
      });
      expect(refund.status, refund.text).toBe(201);
      expect(refund.body.amountCents).toBe(5000);

      // analytics and sync-ops
      const attendance = `/events/${setup.eventId}/attendance`;
      expect((await rawRequest(cloud, 'GET', attendance, { token: analytics })).body).toMatchObject({
        inside: 0,
      });
      expect(
        expectErrorBody(await rawRequest(cloud, 'GET', attendance, { token: read }), 403, 'FORBIDDEN')
          .message,
      ).toContain('"analytics"');
      const status = `/venues/${setup.venueId}/sync-status`;
      expect((await rawRequest(cloud, 'GET', status, { token: syncOps })).status).toBe(200);
      expect(
        expectErrorBody(await rawRequest(cloud, 'GET', status, { token: analytics }), 403, 'FORBIDDEN')
          .message,
      ).toContain('"sync-ops"');
    });

    it('records when it was last used, writing at most once a minute', async () => {
      const setup = await setupEvent(cloud.api);
      const created = await createKey(setup, ['read']);
      expect(created.lastUsedAt).toBeNull();
      expect((await rowOf(created.id)).lastUsedAt).toBeNull();
      await rawRequest(cloud, 'GET', `/events/${setup.eventId}`, { token: created.key });
      const first = (await rowOf(created.id)).lastUsedAt;
      expect(first).toBeInstanceOf(Date);
      await rawRequest(cloud, 'GET', `/events/${setup.eventId}`, { token: created.key });
      expect((await rowOf(created.id)).lastUsedAt).toEqual(first);
      await withClockAhead(cloud, 61_000, () =>
        rawRequest(cloud, 'GET', `/events/${setup.eventId}`, { token: created.key }),
      );
      const later = (await rowOf(created.id)).lastUsedAt!;
      expect(later.getTime()).toBeGreaterThanOrEqual(first!.getTime() + 60_000);
      const listed = await rawRequest(cloud, 'GET', `/organizations/${setup.orgId}/api-keys`, {
        token: setup.promoter.accessToken,
      });
      expect(listed.body.data[0].lastUsedAt).toBe(later.toISOString());
    });
  });

  describe('error cases', () => {
    it('OWNER and ADMIN manage keys; STAFF may not; outsiders see 404; bad scopes are a 400', async () => {
      const setup = await setupEvent(cloud.api);
      const staff = await registerAccount(cloud.api, 'Staff');
      await setup.promoter.api.post(`/organizations/${setup.orgId}/members`, {
        email: staff.user.email,
        role: 'STAFF',
      });
      const path = `/organizations/${setup.orgId}/api-keys`;
      expectErrorBody(
        await rawRequest(cloud, 'POST', path, {
          token: staff.accessToken,
          json: { name: 'k', scopes: ['read'] },
        }),
        403,
        'FORBIDDEN',
      );
      expectErrorBody(await rawRequest(cloud, 'GET', path, { token: staff.accessToken }), 403, 'FORBIDDEN');
      const outsider = await registerAccount(cloud.api, 'Outsider');
      expectErrorBody(
        await rawRequest(cloud, 'GET', path, { token: outsider.accessToken }),
        404,
        'NOT_FOUND',
      );
      const bad = expectErrorBody(
        await rawRequest(cloud, 'POST', path, {
          token: setup.promoter.accessToken,
          json: { name: 'k', scopes: ['everything'] },
        }),
        400,
        'BAD_REQUEST',
      );
      expect(bad.message).toMatch(/^scopes\.0:/);
      expectErrorBody(
        await rawRequest(cloud, 'POST', path, {
          token: setup.promoter.accessToken,
          json: { name: 'k', scopes: [] },
        }),
        400,
        'BAD_REQUEST',
      );
    });

    it('a malformed, unknown or altered key is a 401 that never echoes it', async () => {
      const setup = await setupEvent(cloud.api);
      const { key } = await createKey(setup, ['read']);
      const altered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
      for (const token of ['tixmo_nope', altered, `tixmo_0123456789_${'x'.repeat(43)}`]) {
        const err = expectErrorBody(
          await rawRequest(cloud, 'GET', `/events/${setup.eventId}`, { token }),
          401,
          'UNAUTHORIZED',
        );
        expect(err.message).not.toContain(token);
      }
    });
  });

  describe('security cases', () => {
    it('revocation refuses the key at once; the key can still be listed as revoked', async () => {
      const setup = await setupEvent(cloud.api);
      const created = await createKey(setup, ['read']);
      const path = `/events/${setup.eventId}`;
      expect((await rawRequest(cloud, 'GET', path, { token: created.key })).status).toBe(200);
      const revoked = await rawRequest(
        cloud,
        'DELETE',
        `/organizations/${setup.orgId}/api-keys/${created.id}`,
        {
          token: setup.promoter.accessToken,
        },
      );
      expect(revoked.status).toBe(204);
      const err = expectErrorBody(
        await rawRequest(cloud, 'GET', path, { token: created.key }),
        401,
        'UNAUTHORIZED',
      );
      expect(err.message).toContain('revoked');
      const listed = await rawRequest(cloud, 'GET', `/organizations/${setup.orgId}/api-keys`, {
        token: setup.promoter.accessToken,
      });
      expect(listed.body.data[0].revokedAt).not.toBeNull();
    });

    it('deleting the organization ends its keys', async () => {
      const setup = await setupEvent(cloud.api, { publish: false });
      const { key } = await createKey(setup, ['read']);
      const path = `/venues/${setup.venueId}`;
      expect((await rawRequest(cloud, 'GET', path, { token: key })).status).toBe(200);
      const deleted = await rawRequest(cloud, 'DELETE', `/organizations/${setup.orgId}`, {
        token: setup.promoter.accessToken,
      });
      expect(deleted.status, deleted.text).toBe(204);
      const err = expectErrorBody(await rawRequest(cloud, 'GET', path, { token: key }), 401, 'UNAUTHORIZED');
      expect(err.message).toContain('organization was deleted');
    });

    it('another organization’s data stays 404 to a key with every scope', async () => {
      const mine = await setupEvent(cloud.api);
      const theirs = await setupEvent(cloud.api, { publish: false });
      const key = (await createKey(mine, ['read', 'catalog', 'box-office', 'analytics', 'sync-ops'])).key;
      const buyer = await registerAccount(cloud.api, 'Buyer');
      const published = await setupEvent(cloud.api);
      const order = await buyer.api.post('/orders', { items: [{ tierId: published.tierId, quantity: 1 }] });
      const attempts: [string, string, unknown?][] = [
        ['GET', `/events/${theirs.eventId}`],
        ['GET', `/venues/${theirs.venueId}`],
        ['GET', `/organizations/${theirs.orgId}`],
        ['PATCH', `/events/${theirs.eventId}`, { name: 'Mine now' }],
        ['POST', `/events/${theirs.eventId}/publish`],
        ['GET', `/events/${published.eventId}/attendance`],
        ['GET', `/venues/${theirs.venueId}/sync-status`],
        ['POST', `/orders/${order.id}/confirm`],
        ['GET', `/orders/${order.id}`],
      ];
      for (const [method, path, json] of attempts) {
        const res = await rawRequest(cloud, method, path, { token: key, json });
        expectErrorBody(res, 404, 'NOT_FOUND');
      }
      const create = await rawRequest(cloud, 'POST', '/events', {
        token: key,
        json: {
          venueId: theirs.venueId,
          name: 'Squat',
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          endsAt: new Date(Date.now() + 90_000_000).toISOString(),
        },
      });
      expectErrorBody(create, 404, 'NOT_FOUND');
    });

    it('a key cannot act as a person: no new keys, members, organizations or purchases', async () => {
      const setup = await setupEvent(cloud.api);
      const key = (await createKey(setup, ['read', 'catalog', 'box-office', 'analytics', 'sync-ops'])).key;
      const attempts: [string, string, unknown?][] = [
        ['POST', `/organizations/${setup.orgId}/api-keys`, { name: 'child', scopes: ['read'] }],
        ['GET', `/organizations/${setup.orgId}/members`],
        ['POST', `/organizations/${setup.orgId}/members`, { email: 'x@test.tixmo', role: 'OWNER' }],
        ['DELETE', `/organizations/${setup.orgId}`],
        ['POST', '/organizations', { name: 'Another' }],
        ['GET', '/auth/me'],
        ['POST', '/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] }],
      ];
      for (const [method, path, json] of attempts) {
        const err = expectErrorBody(
          await rawRequest(cloud, method, path, { token: key, json }),
          403,
          'FORBIDDEN',
        );
        expect(err.message).toContain('API keys cannot use');
      }
    });

    it('every signed-in route is given a scope (or marked people-only) in one table', async () => {
      const doc = (await rawRequest(cloud, 'GET', '/openapi.json')).body;
      const secured: string[] = [];
      for (const [path, item] of Object.entries<Record<string, { security: object[] }>>(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          // Public routes have no security; /sync/* take edge node tokens (the edgeNode scheme).
          if (!op.security.some((s) => 'bearer' in s)) continue;
          secured.push(`${method.toUpperCase()} ${path}`);
        }
      }
      expect(secured.filter((r) => !(r in routeScopes))).toEqual([]);
      expect(Object.keys(routeScopes).filter((r) => !secured.includes(r))).toEqual([]);
    });
  });
});
