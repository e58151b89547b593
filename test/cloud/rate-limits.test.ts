import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { registerAccount } from '../helpers/factories.ts';
import { expectErrorBody, FACTORY_PASSWORD, rawRequest, withClockAhead } from './support.ts';

const redisUrl = inject('redisUrl');
if (!redisUrl) {
  if (process.env.CI)
    throw new Error('no test Redis server under CI: install the Debian package redis-server');
  console.warn(
    'SKIPPING the Redis rate-limit tests: no redis-server (install the Debian package redis-server)',
  );
}

const limits = {
  rateLimitPerMinute: 8,
  userRateLimitPerMinute: 1_000_000,
  loginFailuresPerAccount: 3,
  loginFailuresPerIp: 1_000_000,
};

/** The same behaviour on each store: in memory, and in Redis shared by two cloud processes. */
const stores: { name: string; available: boolean; flags: () => Record<string, unknown> }[] = [
  { name: 'in-memory store', available: true, flags: () => ({}) },
  {
    name: 'Redis store',
    available: Boolean(redisUrl),
    flags: () => ({ redisUrl, redisKeyPrefix: `test-${process.pid}-${Date.now()}:` }),
  },
];

for (const store of stores) {
  describe.skipIf(!store.available)(`rate limits (${store.name})`, () => {
    let cloud: TestCloud;
    let flags: Record<string, unknown>;

    beforeAll(async () => {
      flags = store.flags();
      cloud = await startTestCloud({ flags: { ...limits, ...flags } });
    });
    afterAll(async () => {
      await cloud?.close();
    });

    it('an IP over its per-minute limit gets 429 with Retry-After, and is let in again next window', async () => {
      // A minute boundary mid-test would reset the window early: start just after one.
      const base = (Math.floor(Date.now() / 60_000) + 10) * 60_000 + 1000;
      await withClockAhead(cloud, base - Date.now(), async () => {
        const statuses: number[] = [];
        let last = await rawRequest(cloud, 'GET', '/events');
        statuses.push(last.status);
        for (let i = 0; i < 8; i++) {
          last = await rawRequest(cloud, 'GET', '/events');
          statuses.push(last.status);
        }
        expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
        const err = expectErrorBody(last, 429, 'RATE_LIMITED');
        expect(err.message).toMatch(/^too many requests: at most 8 per minute; retry in \d+s$/);
        expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(last.headers.get('ratelimit-remaining')).toBe('0');
      });
      const next = await withClockAhead(cloud, base + 60_000 - Date.now(), () =>
        rawRequest(cloud, 'GET', '/events'),
      );
      expect(next.status).toBe(200);
      expect(next.headers.get('ratelimit-remaining')).toBe('7');
    });

    it('repeated wrong passwords lock the account’s logins (even the right one) until the window ends', async () => {
      const base = (Math.floor(Date.now() / (15 * 60_000)) + 20) * 15 * 60_000 + 1000;
      const victim = await registerAccount(cloud.api, 'Victim');
      const bystander = await registerAccount(cloud.api, 'Bystander');
      const login = (email: string, password: string) =>
        rawRequest(cloud, 'POST', '/auth/login', { json: { email, password } });
      await withClockAhead(cloud, base - Date.now(), async () => {
        for (let i = 0; i < 3; i++)
          expectErrorBody(await login(victim.user.email, 'wrong guess!'), 401, 'UNAUTHORIZED');
        expect(
          expectErrorBody(await login(victim.user.email, FACTORY_PASSWORD), 429, 'RATE_LIMITED').message,
        ).toMatch(/^too many failed logins: try again in \d+ minutes$/);
        // Another account from the same address is not locked out.
        expect((await login(bystander.user.email, FACTORY_PASSWORD)).status).toBe(200);
      });
      const later = await withClockAhead(cloud, base + 15 * 60_000 - Date.now(), () =>
        login(victim.user.email, FACTORY_PASSWORD),
      );
      expect(later.status).toBe(200);
    });

    it('a signed-in account is limited on its own, wherever it calls from', async () => {
      const strict = await startTestCloud({ flags: { ...flags, userRateLimitPerMinute: 3 } });
      try {
        // Just past the next minute boundary: well inside the tokens' 15 minutes.
        const base = (Math.floor(Date.now() / 60_000) + 1) * 60_000 + 1000;
        const buyer = await registerAccount(strict.api, 'Buyer');
        const other = await registerAccount(strict.api, 'Other');
        await withClockAhead(strict, base - Date.now(), async () => {
          for (let i = 0; i < 3; i++)
            expect((await rawRequest(strict, 'GET', '/me/orders', { token: buyer.accessToken })).status).toBe(
              200,
            );
          expectErrorBody(
            await rawRequest(strict, 'GET', '/me/orders', { token: buyer.accessToken }),
            429,
            'RATE_LIMITED',
          );
          expect((await rawRequest(strict, 'GET', '/me/orders', { token: other.accessToken })).status).toBe(
            200,
          );
        });
      } finally {
        await strict.close();
      }
    });

    if (store.name === 'Redis store') {
      it('two cloud processes on one Redis share the counters', async () => {
        const twin = await startTestCloud({ flags: { ...limits, ...flags } });
        try {
          const base = (Math.floor(Date.now() / 60_000) + 40) * 60_000 + 1000;
          const statuses = await withClockAhead(cloud, base - Date.now(), () =>
            withClockAhead(twin, base - Date.now(), async () => {
              const seen: number[] = [];
              for (let i = 0; i < 9; i++)
                seen.push((await rawRequest(i % 2 ? twin : cloud, 'GET', '/events')).status);
              return seen;
            }),
          );
          expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
        } finally {
          await twin.close();
        }
      });
    }
  });
}
