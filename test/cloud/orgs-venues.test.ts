import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncPlatformAdmins } from '../../src/cloud/auth/platform-admins.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import {
  type Account,
  buyTickets,
  expectApiError,
  registerAccount,
  setupEvent,
} from '../helpers/factories.ts';
import { expectErrorBody, rawRequest } from './support.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

/** An owner with an organization, a venue in it and one edge node. */
async function ownerWithVenue(): Promise<{
  owner: Account;
  orgId: string;
  venueId: string;
  node: { id: string; token: string };
}> {
  const owner = await registerAccount(cloud.api, 'Owner');
  const org = await owner.api.post('/organizations', { name: 'Acme Live' });
  const venue = await owner.api.post(`/organizations/${org.id}/venues`, { name: 'Hall', capacity: 500 });
  const node = await owner.api.post(`/venues/${venue.id}/edge-nodes`, { name: 'Gate 1' });
  return { owner, orgId: org.id, venueId: venue.id, node };
}

describe('organizations, venues and edge nodes', () => {
  describe('happy path', () => {
    it('creating an organization answers 201 and makes the caller its OWNER', async () => {
      const owner = await registerAccount(cloud.api);
      const res = await rawRequest(cloud, 'POST', '/organizations', {
        token: owner.accessToken,
        json: { name: '  Night Owls  ' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), name: 'Night Owls', role: 'OWNER' });
      const got = await owner.api.get(`/organizations/${res.body.id}`);
      expect(got).toEqual({ id: res.body.id, name: 'Night Owls', role: 'OWNER' });
    });

    it('lists only the organizations the caller belongs to', async () => {
      const me = await registerAccount(cloud.api);
      const someoneElse = await registerAccount(cloud.api);
      const a = await me.api.post('/organizations', { name: 'Mine A' });
      const b = await me.api.post('/organizations', { name: 'Mine B' });
      const theirs = await someoneElse.api.post('/organizations', { name: 'Theirs' });
      const list = await me.api.get('/organizations');
      const ids = (list.data as { id: string }[]).map((o) => o.id).sort();
      expect(ids).toEqual([a.id, b.id].sort());
      expect(ids).not.toContain(theirs.id);
      expect(list.data).toContainEqual({ id: a.id, name: 'Mine A', role: 'OWNER' });
    });

    it('a new venue answers 201 with the timezone defaulting to UTC', async () => {
      const owner = await registerAccount(cloud.api);
      const org = await owner.api.post('/organizations', { name: 'Venue Co' });
      const res = await rawRequest(cloud, 'POST', `/organizations/${org.id}/venues`, {
        token: owner.accessToken,
        json: { name: 'Main Stage', capacity: 1200 },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        orgId: org.id,
        name: 'Main Stage',
        capacity: 1200,
        timezone: 'UTC',
      });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
      const got = await owner.api.get(`/venues/${res.body.id}`);
      expect(got).toEqual(res.body);
    });

    it('keeps a given IANA timezone', async () => {
      const owner = await registerAccount(cloud.api);
      const org = await owner.api.post('/organizations', { name: 'Berlin Co' });
      const venue = await owner.api.post(`/organizations/${org.id}/venues`, {
        name: 'Club',
        capacity: 300,
        timezone: 'Europe/Berlin',
      });
      expect(venue.timezone).toBe('Europe/Berlin');
    });

    it('registering an edge node returns {id, token} once; the list never shows the token again', async () => {
      const { owner, venueId } = await ownerWithVenue();
      const res = await rawRequest(cloud, 'POST', `/venues/${venueId}/edge-nodes`, {
        token: owner.accessToken,
        json: { name: 'North gate' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        venueId,
        name: 'North gate',
        token: expect.any(String),
      });
      const { id, token } = res.body as { id: string; token: string };
      expect(token.startsWith(`${id}.`)).toBe(true);
      const secret = token.slice(id.length + 1);
      expect(secret.length).toBeGreaterThanOrEqual(40);

      const list = await rawRequest(cloud, 'GET', `/venues/${venueId}/edge-nodes`, {
        token: owner.accessToken,
      });
      expect(list.status).toBe(200);
      const listed = (list.body.data as Record<string, unknown>[]).find((n) => n.id === id);
      expect(listed).toEqual({
        id,
        venueId,
        name: 'North gate',
        ackedSeq: 0,
        lastSeenAt: null,
        heartbeatAt: null,
        revokedAt: null,
        createdAt: expect.any(String),
      });
      expect(list.text).not.toContain(secret);
      expect(list.text).not.toMatch(/token/i);

      // The token really is the node's credential.
      const manifest = await cloud.api.as(token).get('/sync/manifest');
      expect(manifest.node).toEqual({ id, venueId, name: 'North gate' });
    });
  });

  describe('errors', () => {
    it('a timezone that is not IANA is 400 naming the field', async () => {
      const owner = await registerAccount(cloud.api);
      const org = await owner.api.post('/organizations', { name: 'TZ Co' });
      const res = await rawRequest(cloud, 'POST', `/organizations/${org.id}/venues`, {
        token: owner.accessToken,
        json: { name: 'Hall', capacity: 10, timezone: 'Mars/Olympus_Mons' },
      });
      expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(/^timezone: .*IANA/);
    });

    it('a venue without a positive capacity or a name is 400 naming the field', async () => {
      const owner = await registerAccount(cloud.api);
      const org = await owner.api.post('/organizations', { name: 'Cap Co' });
      const zero = await rawRequest(cloud, 'POST', `/organizations/${org.id}/venues`, {
        token: owner.accessToken,
        json: { name: 'Hall', capacity: 0 },
      });
      expect(expectErrorBody(zero, 400, 'BAD_REQUEST').message).toContain('capacity');
      const noName = await rawRequest(cloud, 'POST', `/organizations/${org.id}/venues`, {
        token: owner.accessToken,
        json: { name: '   ', capacity: 10 },
      });
      expect(expectErrorBody(noName, 400, 'BAD_REQUEST').message).toContain('name');
    });

    it('an organization without a name is 400, an edge node without a name is 400', async () => {
      const { owner, venueId } = await ownerWithVenue();
      const org = await rawRequest(cloud, 'POST', '/organizations', { token: owner.accessToken, json: {} });
      expect(expectErrorBody(org, 400, 'BAD_REQUEST').message).toContain('name');
      const node = await rawRequest(cloud, 'POST', `/venues/${venueId}/edge-nodes`, {
        token: owner.accessToken,
        json: { name: '' },
      });
      expect(expectErrorBody(node, 400, 'BAD_REQUEST').message).toContain('name');
    });

    it('unknown organization and venue ids are 404', async () => {
      const owner = await registerAccount(cloud.api);
      await expectApiError(owner.api.get('/organizations/no-such-org'), 404, 'NOT_FOUND');
      await expectApiError(
        owner.api.post('/organizations/no-such-org/venues', { name: 'X', capacity: 1 }),
        404,
        'NOT_FOUND',
      );
      await expectApiError(owner.api.get('/venues/no-such-venue'), 404, 'NOT_FOUND');
      await expectApiError(
        owner.api.post('/venues/no-such-venue/edge-nodes', { name: 'X' }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('security', () => {
    it('another organization’s member gets 404 on the organization, its venues and its edge nodes', async () => {
      const { venueId, orgId } = await ownerWithVenue();
      const outsider = await registerAccount(cloud.api, 'Outsider');
      await outsider.api.post('/organizations', { name: 'Rival Events' });

      const missingOrg = await expectApiError(
        outsider.api.get('/organizations/does-not-exist'),
        404,
        'NOT_FOUND',
      );
      const org = await expectApiError(outsider.api.get(`/organizations/${orgId}`), 404, 'NOT_FOUND');
      // Indistinguishable from an id that does not exist.
      expect(org.message).toBe(missingOrg.message);
      await expectApiError(
        outsider.api.post(`/organizations/${orgId}/venues`, { name: 'Squat', capacity: 5 }),
        404,
        'NOT_FOUND',
      );
      await expectApiError(outsider.api.get(`/venues/${venueId}`), 404, 'NOT_FOUND');
      await expectApiError(outsider.api.get(`/venues/${venueId}/edge-nodes`), 404, 'NOT_FOUND');
      await expectApiError(
        outsider.api.post(`/venues/${venueId}/edge-nodes`, { name: 'Rogue' }),
        404,
        'NOT_FOUND',
      );
      const orgs = await outsider.api.get('/organizations');
      expect((orgs.data as { id: string }[]).map((o) => o.id)).not.toContain(orgId);
    });

    it('an outsider’s failed attempts create nothing', async () => {
      const { owner, venueId, orgId, node } = await ownerWithVenue();
      const outsider = await registerAccount(cloud.api);
      await expectApiError(outsider.api.post(`/venues/${venueId}/edge-nodes`, { name: 'Rogue' }), 404);
      await expectApiError(
        outsider.api.post(`/organizations/${orgId}/venues`, { name: 'Squat', capacity: 5 }),
        404,
      );
      const nodes = await owner.api.get(`/venues/${venueId}/edge-nodes`);
      expect((nodes.data as { id: string }[]).map((n) => n.id)).toEqual([node.id]);
    });

    it('anonymous callers get 401 everywhere', async () => {
      const { venueId, orgId } = await ownerWithVenue();
      const calls: [string, string, unknown?][] = [
        ['POST', '/organizations', { name: 'Anon' }],
        ['GET', '/organizations'],
        ['GET', `/organizations/${orgId}`],
        ['POST', `/organizations/${orgId}/venues`, { name: 'X', capacity: 1 }],
        ['GET', `/venues/${venueId}`],
        ['POST', `/venues/${venueId}/edge-nodes`, { name: 'X' }],
        ['GET', `/venues/${venueId}/edge-nodes`],
      ];
      for (const [method, path, json] of calls) {
        const res = await rawRequest(cloud, method, path, json === undefined ? {} : { json });
        expectErrorBody(res, 401, 'UNAUTHORIZED');
      }
    });

    it('an edge node token is not a user token', async () => {
      const { node, orgId } = await ownerWithVenue();
      const res = await rawRequest(cloud, 'GET', `/organizations/${orgId}`, { token: node.token });
      expectErrorBody(res, 401, 'UNAUTHORIZED');
    });
  });
});

describe('venue catalog: address, list, update, delete', () => {
  it('a venue keeps its address; managers list, update and delete an unused venue', async () => {
    const owner = await registerAccount(cloud.api, 'Owner');
    const org = await owner.api.post('/organizations', { name: 'Venue Co' });
    const venue = await owner.api.post(`/organizations/${org.id}/venues`, {
      name: 'Club',
      capacity: 300,
      address: '1 Main St, Springfield',
    });
    expect(venue.address).toBe('1 Main St, Springfield');
    const updated = await owner.api.request('PATCH', `/venues/${venue.id}`, {
      capacity: 350,
      timezone: 'Europe/Berlin',
    });
    expect(updated).toMatchObject({
      capacity: 350,
      timezone: 'Europe/Berlin',
      address: '1 Main St, Springfield',
    });
    expect((await owner.api.get(`/organizations/${org.id}/venues`)).data).toEqual([updated]);
    const bad = await rawRequest(cloud, 'PATCH', `/venues/${venue.id}`, {
      token: owner.accessToken,
      json: { capacity: 0 },
    });
    expect(expectErrorBody(bad, 400, 'BAD_REQUEST').message).toMatch(/^capacity: /);
    expect(
      (await rawRequest(cloud, 'DELETE', `/venues/${venue.id}`, { token: owner.accessToken })).status,
    ).toBe(204);
    await expectApiError(owner.api.get(`/venues/${venue.id}`), 404, 'NOT_FOUND');
  });

  it('a venue with an event cannot be deleted; another organization cannot touch it (404)', async () => {
    const owner = await registerAccount(cloud.api, 'Owner');
    const org = await owner.api.post('/organizations', { name: 'Busy Co' });
    const venue = await owner.api.post(`/organizations/${org.id}/venues`, { name: 'Hall', capacity: 100 });
    await owner.api.post('/events', {
      venueId: venue.id,
      name: 'Gig',
      startsAt: '2030-01-01T20:00:00Z',
      endsAt: '2030-01-01T23:00:00Z',
    });
    const del = await rawRequest(cloud, 'DELETE', `/venues/${venue.id}`, { token: owner.accessToken });
    expectErrorBody(del, 409, 'CONFLICT');
    const rival = await registerAccount(cloud.api, 'Rival');
    await rival.api.post('/organizations', { name: 'Rival Co' });
    for (const [method, path] of [
      ['PATCH', `/venues/${venue.id}`],
      ['DELETE', `/venues/${venue.id}`],
      ['GET', `/organizations/${org.id}/venues`],
    ] as const) {
      const res = await rawRequest(cloud, method, path, {
        token: rival.accessToken,
        ...(method === 'PATCH' ? { json: { name: 'x' } } : {}),
      });
      expectErrorBody(res, 404, 'NOT_FOUND');
    }
    expectErrorBody(await rawRequest(cloud, 'GET', `/organizations/${org.id}/venues`), 401, 'UNAUTHORIZED');
  });
});

describe('deleting an organization', () => {
  it('only its OWNER may, never while it owes an event or a refund; afterwards nobody reaches it and its gates are cut off', async () => {
    const setup = await setupEvent(cloud.api);
    const { buyer, orderId } = await buyTickets(cloud.api, setup, 1);
    const admin = await registerAccount(cloud.api, 'Admin');
    await setup.promoter.api.post(`/organizations/${setup.orgId}/members`, {
      email: admin.user.email,
      role: 'ADMIN',
    });
    const stranger = await registerAccount(cloud.api, 'Stranger');
    const del = (token?: string) => rawRequest(cloud, 'DELETE', `/organizations/${setup.orgId}`, { token });

    expectErrorBody(await del(), 401, 'UNAUTHORIZED');
    expectErrorBody(await del(stranger.accessToken), 404, 'NOT_FOUND');
    expectErrorBody(await del(admin.accessToken), 403, 'FORBIDDEN');
    expect(expectErrorBody(await del(setup.promoter.accessToken), 409, 'CONFLICT').message).toBe(
      'event "Show" is published and has not ended: cancel it (which refunds its buyers) first',
    );
    await setup.promoter.api.post(`/events/${setup.eventId}/cancel`);
    expect(expectErrorBody(await del(setup.promoter.accessToken), 409, 'CONFLICT').message).toBe(
      '1 orders are due a refund: refund them before deleting',
    );
    await setup.promoter.api.post(`/orders/${orderId}/refunds`, {});
    // Until the deletion the gate still syncs.
    expect((await rawRequest(cloud, 'GET', '/sync/manifest', { token: setup.node.token })).status).toBe(200);

    expect((await del(setup.promoter.accessToken)).status).toBe(204);

    for (const member of [setup.promoter, admin]) {
      expectErrorBody(
        await rawRequest(cloud, 'GET', `/organizations/${setup.orgId}`, { token: member.accessToken }),
        404,
        'NOT_FOUND',
      );
      expect((await member.api.get('/organizations')).data).toEqual([]);
    }
    expectErrorBody(
      await rawRequest(cloud, 'GET', `/events/${setup.eventId}/orders`, {
        token: setup.promoter.accessToken,
      }),
      404,
      'NOT_FOUND',
    );
    const gate = await rawRequest(cloud, 'GET', '/sync/manifest', { token: setup.node.token });
    expect(expectErrorBody(gate, 401, 'UNAUTHORIZED').message).toMatch(/revoked/);
    expectErrorBody(await del(setup.promoter.accessToken), 404, 'NOT_FOUND');
    // The buyer's refunded ticket and order keep their history.
    expect(await buyer.api.get(`/orders/${orderId}`)).toMatchObject({ id: orderId, status: 'CANCELLED' });
  });

  it('a platform admin cannot reach a deleted organization either', async () => {
    const { owner, orgId } = await ownerWithVenue();
    const operator = await registerAccount(cloud.api, 'Operator');
    const listed = { ...cloud.deps, config: { ...cloud.deps.config, platformAdmins: [operator.user.email] } };
    await syncPlatformAdmins(listed);
    try {
      expect((await operator.api.get(`/organizations/${orgId}`)).role).toBe('OWNER');
      expect(
        (await rawRequest(cloud, 'DELETE', `/organizations/${orgId}`, { token: owner.accessToken })).status,
      ).toBe(204);
      await expectApiError(operator.api.get(`/organizations/${orgId}`), 404, 'NOT_FOUND');
    } finally {
      await syncPlatformAdmins(cloud.deps);
    }
  });
});
