import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_ACCOUNT_TTL_MS } from '../../src/cloud/auth/live-accounts.ts';
import { CloudApi } from '../../src/demo/api-client.ts';
import { createTestDatabase, postgresAvailable, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { registerAccount, setupEvent } from '../helpers/factories.ts';
import { expectErrorBody, FACTORY_PASSWORD, rawRequest, withClockAhead } from './support.ts';

/**
 * Two instances of one deployment (one Postgres, one JWT secret, one KEK): a session
 * ended on one must stop its access tokens there at once and on the other within
 * LIVE_ACCOUNT_TTL_MS. The other instance's clock is moved instead of sleeping.
 */
describe.skipIf(!postgresAvailable())('ending a session cuts its access tokens on every instance', () => {
  let a: TestCloud;
  let b: TestCloud;
  const env = {
    TIXMO_JWT_SECRET: 'sessions-test-jwt-secret-0123456789abcdef',
    TIXMO_KEY_ENCRYPTION_KEY: 'sessions-test-key-encryption-key-0123456789',
  };

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase();
    a = await startTestCloud({ databaseUrl, env });
    b = await startTestCloud({ databaseUrl, env });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const me = (cloud: TestCloud, token: string) => rawRequest(cloud, 'GET', '/auth/me', { token });
  const status = async (cloud: TestCloud, token: string) => (await me(cloud, token)).status;
  /** The answer of instance `cloud` once its cache period has surely passed. */
  const afterCachePeriod = (cloud: TestCloud, token: string) =>
    withClockAhead(cloud, LIVE_ACCOUNT_TTL_MS, () => me(cloud, token));

  it('logout: that session’s tokens are refused at once where it happened, within 10 s elsewhere; other sessions live', async () => {
    const first = await registerAccount(a.api);
    const second = await a.api.post('/auth/login', { email: first.user.email, password: FACTORY_PASSWORD });
    for (const cloud of [a, b]) {
      expect(await status(cloud, first.accessToken)).toBe(200);
      expect(await status(cloud, second.accessToken)).toBe(200);
    }
    const out = await rawRequest(a, 'POST', '/auth/logout', { json: { refreshToken: first.refreshToken } });
    expect(out.status).toBe(204);

    expect(expectErrorBody(await me(a, first.accessToken), 401, 'UNAUTHORIZED').message).toMatch(
      /session has ended/,
    );
    expectErrorBody(await afterCachePeriod(b, first.accessToken), 401, 'UNAUTHORIZED');
    for (const cloud of [a, b]) expect((await afterCachePeriod(cloud, second.accessToken)).status).toBe(200);

    // A refreshed token of the living session works everywhere; refreshing the ended one does not.
    const rotated = await new CloudApi(b.url).post('/auth/refresh', { refreshToken: second.refreshToken });
    for (const cloud of [a, b]) expect(await status(cloud, rotated.accessToken)).toBe(200);
    expectErrorBody(
      await rawRequest(b, 'POST', '/auth/refresh', { json: { refreshToken: first.refreshToken } }),
      401,
      'UNAUTHORIZED',
    );
  });

  it('a password change ends every session of the account, on both instances', async () => {
    const user = await registerAccount(a.api);
    const other = await b.api.post('/auth/login', { email: user.user.email, password: FACTORY_PASSWORD });
    for (const cloud of [a, b]) expect(await status(cloud, other.accessToken)).toBe(200);
    await user.api.request('PATCH', '/auth/me', {
      currentPassword: FACTORY_PASSWORD,
      newPassword: 'another long password',
    });
    for (const token of [user.accessToken, other.accessToken]) {
      expectErrorBody(await me(a, token), 401, 'UNAUTHORIZED');
      expectErrorBody(await afterCachePeriod(b, token), 401, 'UNAUTHORIZED');
    }
    const again = await b.api.post('/auth/login', {
      email: user.user.email,
      password: 'another long password',
    });
    for (const cloud of [a, b]) expect(await status(cloud, again.accessToken)).toBe(200);
  });

  it('reusing a rotated refresh token ends the session: its access tokens too', async () => {
    const user = await registerAccount(a.api);
    const rotated = await a.api.post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(await status(b, rotated.accessToken)).toBe(200);
    // The old refresh token again: someone copied it. The family is revoked.
    expect(
      (await rawRequest(a, 'POST', '/auth/refresh', { json: { refreshToken: user.refreshToken } })).status,
    ).toBe(401);
    for (const token of [user.accessToken, rotated.accessToken]) {
      expectErrorBody(await me(a, token), 401, 'UNAUTHORIZED');
      expectErrorBody(await afterCachePeriod(b, token), 401, 'UNAUTHORIZED');
    }
  });

  it('a removed member loses the organization at once on both instances', async () => {
    const setup = await setupEvent(a.api, { publish: false });
    const staff = await registerAccount(a.api, 'Staff');
    await setup.promoter.api.post(`/organizations/${setup.orgId}/members`, {
      email: staff.user.email,
      role: 'STAFF',
    });
    const org = (cloud: TestCloud) =>
      rawRequest(cloud, 'GET', `/organizations/${setup.orgId}`, { token: staff.accessToken });
    for (const cloud of [a, b]) expect((await org(cloud)).status).toBe(200);
    const removed = await rawRequest(a, 'DELETE', `/organizations/${setup.orgId}/members/${staff.user.id}`, {
      token: setup.promoter.accessToken,
    });
    expect(removed.status).toBe(204);
    for (const cloud of [a, b]) expectErrorBody(await org(cloud), 404, 'NOT_FOUND');
  });

  it('a revoked edge node is refused at once on both instances', async () => {
    const setup = await setupEvent(a.api, { publish: false });
    const pull = (cloud: TestCloud) =>
      rawRequest(cloud, 'GET', '/sync/manifest', { token: setup.node.token });
    for (const cloud of [a, b]) expect((await pull(cloud)).status).toBe(200);
    const revoke = await rawRequest(a, 'DELETE', `/edge-nodes/${setup.node.id}`, {
      token: setup.promoter.accessToken,
    });
    expect(revoke.status).toBe(204);
    for (const cloud of [a, b]) expectErrorBody(await pull(cloud), 401, 'UNAUTHORIZED');
  });
});
