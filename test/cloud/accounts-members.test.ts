import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncPlatformAdmins } from '../../src/cloud/auth/platform-admins.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { buyTickets, expectApiError, registerAccount, setupEvent } from '../helpers/factories.ts';
import { expectErrorBody, FACTORY_PASSWORD, rawRequest } from './support.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

describe('accounts: logout, profile, soft delete', () => {
  it('logout revokes the refresh token: refreshing afterwards is 401', async () => {
    const user = await registerAccount(cloud.api);
    const out = await rawRequest(cloud, 'POST', '/auth/logout', {
      json: { refreshToken: user.refreshToken },
    });
    expect(out.status).toBe(204);
    const res = await rawRequest(cloud, 'POST', '/auth/refresh', {
      json: { refreshToken: user.refreshToken },
    });
    expectErrorBody(res, 401, 'UNAUTHORIZED');
  });

  it('the name changes; a password change needs the current one and ends other sessions', async () => {
    const user = await registerAccount(cloud.api);
    expect(await user.api.request('PATCH', '/auth/me', { name: 'Renamed' })).toMatchObject({
      name: 'Renamed',
    });
    const wrong = await rawRequest(cloud, 'PATCH', '/auth/me', {
      token: user.accessToken,
      json: { currentPassword: 'not it at all', newPassword: 'a brand new secret' },
    });
    expect(expectErrorBody(wrong, 403, 'FORBIDDEN').message).toMatch(/^currentPassword: /);
    const weak = await rawRequest(cloud, 'PATCH', '/auth/me', {
      token: user.accessToken,
      json: { currentPassword: FACTORY_PASSWORD, newPassword: 'short' },
    });
    expect(expectErrorBody(weak, 400, 'BAD_REQUEST').message).toBe(
      'newPassword: must be at least 8 characters',
    );
    await user.api.request('PATCH', '/auth/me', {
      currentPassword: FACTORY_PASSWORD,
      newPassword: 'a brand new secret',
    });
    expectErrorBody(
      await rawRequest(cloud, 'POST', '/auth/refresh', { json: { refreshToken: user.refreshToken } }),
      401,
      'UNAUTHORIZED',
    );
    const login = await cloud.api.post('/auth/login', {
      email: user.user.email,
      password: 'a brand new secret',
    });
    expect(login.user.name).toBe('Renamed');
  });

  it('deleting an account wipes its personal data but keeps its orders and tickets for the organization', async () => {
    const setup = await setupEvent(cloud.api);
    const { buyer, orderId } = await buyTickets(cloud.api, setup, 1);
    const del = await rawRequest(cloud, 'DELETE', '/auth/me', {
      token: buyer.accessToken,
      json: { password: FACTORY_PASSWORD },
    });
    expect(del.status).toBe(204);
    expectErrorBody(
      await rawRequest(cloud, 'GET', '/auth/me', { token: buyer.accessToken }),
      401,
      'UNAUTHORIZED',
    );
    // The access token is still within its 15 minutes, but no route takes it any more.
    for (const [method, path] of [
      ['GET', '/me/tickets'],
      ['GET', '/me/orders'],
      ['GET', `/orders/${orderId}`],
    ] as const) {
      const res = await rawRequest(cloud, method, path, { token: buyer.accessToken });
      expect(expectErrorBody(res, 401, 'UNAUTHORIZED').message).toBe('account no longer exists');
    }
    await expectApiError(
      cloud.api.post('/auth/login', { email: buyer.user.email, password: FACTORY_PASSWORD }),
      401,
    );
    expect(await setup.promoter.api.get(`/orders/${orderId}`)).toMatchObject({ status: 'CONFIRMED' });
    // The email is free again for a new account.
    const again = await cloud.api.post('/auth/register', {
      email: buyer.user.email,
      password: FACTORY_PASSWORD,
      name: 'New',
    });
    expect(again.user.id).not.toBe(buyer.user.id);
  });

  it('deleting needs the password, and the only OWNER of an organization must hand it over first', async () => {
    const setup = await setupEvent(cloud.api);
    const res = await rawRequest(cloud, 'DELETE', '/auth/me', {
      token: setup.promoter.accessToken,
      json: { password: 'wrong one!' },
    });
    expectErrorBody(res, 403, 'FORBIDDEN');
    const sole = await rawRequest(cloud, 'DELETE', '/auth/me', {
      token: setup.promoter.accessToken,
      json: { password: FACTORY_PASSWORD },
    });
    expect(expectErrorBody(sole, 409, 'CONFLICT').message).toMatch(/only OWNER/);
  });
});

describe('organization members and roles', () => {
  it('an OWNER adds STAFF who can confirm orders but not manage tiers; roles change; members leave', async () => {
    const setup = await setupEvent(cloud.api);
    const staff = await registerAccount(cloud.api, 'Box office');
    const added = await setup.promoter.api.post(`/organizations/${setup.orgId}/members`, {
      email: staff.user.email,
      role: 'STAFF',
    });
    expect(added).toMatchObject({ userId: staff.user.id, role: 'STAFF' });
    const buyer = await registerAccount(cloud.api, 'Buyer');
    const order = await buyer.api.post('/orders', { items: [{ tierId: setup.tierId, quantity: 1 }] });
    expect((await staff.api.post(`/orders/${order.id}/confirm`)).status).toBe('CONFIRMED');
    await expectApiError(
      staff.api.request('PATCH', `/tiers/${setup.tierId}`, { quantity: 500 }),
      403,
      'FORBIDDEN',
    );

    await setup.promoter.api.request('PATCH', `/organizations/${setup.orgId}/members/${staff.user.id}`, {
      role: 'ADMIN',
    });
    expect((await staff.api.request('PATCH', `/tiers/${setup.tierId}`, { quantity: 500 })).quantity).toBe(
      500,
    );
    const members = await staff.api.get(`/organizations/${setup.orgId}/members`);
    expect(members.data.map((m: { role: string }) => m.role)).toEqual(['OWNER', 'ADMIN']);

    const left = await rawRequest(cloud, 'DELETE', `/organizations/${setup.orgId}/members/${staff.user.id}`, {
      token: staff.accessToken,
    });
    expect(left.status).toBe(204);
    expectErrorBody(
      await rawRequest(cloud, 'GET', `/organizations/${setup.orgId}`, { token: staff.accessToken }),
      404,
      'NOT_FOUND',
    );
  });

  it('an ADMIN cannot touch OWNERs; the last OWNER cannot be demoted or removed; duplicates and strangers are refused', async () => {
    const setup = await setupEvent(cloud.api);
    const admin = await registerAccount(cloud.api, 'Admin');
    await setup.promoter.api.post(`/organizations/${setup.orgId}/members`, {
      email: admin.user.email,
      role: 'ADMIN',
    });
    const other = await registerAccount(cloud.api, 'Other');
    await expectApiError(
      admin.api.post(`/organizations/${setup.orgId}/members`, { email: other.user.email, role: 'OWNER' }),
      403,
    );
    await expectApiError(
      admin.api.request('PATCH', `/organizations/${setup.orgId}/members/${setup.promoter.user.id}`, {
        role: 'STAFF',
      }),
      403,
    );
    const last = await expectApiError(
      setup.promoter.api.request('PATCH', `/organizations/${setup.orgId}/members/${setup.promoter.user.id}`, {
        role: 'ADMIN',
      }),
      409,
    );
    expect(last.message).toMatch(/at least one OWNER/);
    await expectApiError(
      setup.promoter.api.post(`/organizations/${setup.orgId}/members`, {
        email: admin.user.email,
        role: 'STAFF',
      }),
      409,
    );
    const nobody = await expectApiError(
      setup.promoter.api.post(`/organizations/${setup.orgId}/members`, {
        email: 'nobody@test.tixmo',
        role: 'STAFF',
      }),
      422,
    );
    expect(nobody.message).toMatch(/^email: no TixMo account/);
  });

  it('another organization’s promoter and plain buyers get 404 on members; anonymous gets 401', async () => {
    const setup = await setupEvent(cloud.api);
    const rival = await setupEvent(cloud.api);
    const path = `/organizations/${setup.orgId}/members`;
    expectErrorBody(
      await rawRequest(cloud, 'GET', path, { token: rival.promoter.accessToken }),
      404,
      'NOT_FOUND',
    );
    expectErrorBody(
      await rawRequest(cloud, 'POST', path, {
        token: rival.promoter.accessToken,
        json: { email: rival.promoter.user.email, role: 'OWNER' },
      }),
      404,
      'NOT_FOUND',
    );
    expectErrorBody(
      await rawRequest(cloud, 'PATCH', `/organizations/${setup.orgId}`, {
        token: rival.promoter.accessToken,
        json: { name: 'Mine now' },
      }),
      404,
      'NOT_FOUND',
    );
    expectErrorBody(await rawRequest(cloud, 'GET', path), 401, 'UNAUTHORIZED');
  });
});

describe('platform ADMIN (TIXMO_PLATFORM_ADMINS)', () => {
  it('a listed account acts as OWNER of every organization; the same account unlisted is an outsider again', async () => {
    const email = `root-${Date.now()}@test.tixmo`;
    const platform = await startTestCloud({
      flags: { platformAdmins: ` ${email.toUpperCase()} ,ops@test.tixmo` },
    });
    try {
      const setup = await setupEvent(platform.api);
      const session = await platform.api.post('/auth/register', {
        email,
        password: FACTORY_PASSWORD,
        name: 'Operator',
      });
      const admin = platform.api.as(session.accessToken);
      expect((await admin.get(`/events/${setup.eventId}/orders`)).data).toEqual([]);
      expect((await admin.get(`/organizations/${setup.orgId}`)).role).toBe('OWNER');
      const cancelled = await admin.post(`/events/${setup.eventId}/cancel`);
      expect(cancelled.event.status).toBe('CANCELLED');
      // An ordinary account of the same cloud stays an outsider.
      const buyer = await registerAccount(platform.api, 'Buyer');
      await expectApiError(buyer.api.get(`/events/${setup.eventId}/orders`), 404, 'NOT_FOUND');
    } finally {
      await platform.close();
    }
  });

  it('accounts are not platform admins unless listed, and a restart without the list revokes it', async () => {
    const setup = await setupEvent(cloud.api);
    const outsider = await registerAccount(cloud.api, 'Outsider');
    await expectApiError(outsider.api.get(`/organizations/${setup.orgId}`), 404, 'NOT_FOUND');
    const listed = { ...cloud.deps, config: { ...cloud.deps.config, platformAdmins: [outsider.user.email] } };
    await syncPlatformAdmins(listed);
    expect((await outsider.api.get(`/organizations/${setup.orgId}`)).role).toBe('OWNER');
    await syncPlatformAdmins(cloud.deps);
    await expectApiError(outsider.api.get(`/organizations/${setup.orgId}`), 404, 'NOT_FOUND');
  });
});
