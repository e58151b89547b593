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

    // Each test uses windows of its own, far from the others' and from the real clock's
    // (the IP is 127.0.0.1 throughout): `at(n)` is n minutes ahead, on a minute boundary.
    const at = (minutes: number) => (Math.floor(Date.now() / 60_000) + minutes) * 60_000;
    const events = () => rawRequest(cloud, 'GET', '/events');
    /** Runs `fn` with the cloud's clock standing still at `ms` (so Retry-After can be checked to the second). */
    const withClockAt = async <T>(ms: number, fn: () => Promise<T>): Promise<T> => {
      const original = cloud.deps.now;
      cloud.deps.now = () => new Date(ms);
      try {
        return await fn();
      } finally {
        cloud.deps.now = original;
      }
    };

    it('an IP over its limit gets 429 with Retry-After, and is let in again once that time has passed', async () => {
      const base = at(10) + 1000;
      const refused = await withClockAt(base, async () => {
        const statuses: number[] = [];
        let last = await events();
        statuses.push(last.status);
        for (let i = 0; i < 8; i++) {
          last = await events();
          statuses.push(last.status);
        }
        expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
        return last;
      });
      const err = expectErrorBody(refused, 429, 'RATE_LIMITED');
      expect(err.message).toMatch(/^too many requests: at most 8 per minute; retry in \d+s$/);
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      const retryAfter = Number(refused.headers.get('retry-after'));
      // The 8 requests slide out of the last minute gradually: room for one more comes
      // after the window ends, not at once (that would be a fixed window).
      expect(retryAfter).toBeGreaterThan(60);
      expect(retryAfter).toBeLessThan(120);
      const early = await withClockAt(base + (retryAfter - 2) * 1000, events);
      expect(early.status).toBe(429);
      const next = await withClockAt(base + retryAfter * 1000, events);
      expect(next.status).toBe(200);
    });

    it('a burst at the end of one window and another at the start of the next cannot double the limit', async () => {
      const edge = at(20);
      const before = await withClockAt(edge - 1000, () => Promise.all(Array.from({ length: 8 }, events)));
      expect(before.map((r) => r.status)).toEqual(Array(8).fill(200));
      const after = await withClockAt(edge + 1000, () => Promise.all(Array.from({ length: 8 }, events)));
      // A fixed window would let all 8 through again two seconds later.
      expect(after.map((r) => r.status)).toEqual(Array(8).fill(429));
    });

    it('of a concurrent burst exactly the limit gets through', async () => {
      const statuses = await withClockAt(at(30) + 1000, async () =>
        (await Promise.all(Array.from({ length: 30 }, events))).map((r) => r.status),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(8);
      expect(statuses.filter((s) => s === 429)).toHaveLength(22);
    });

    it('repeated wrong passwords lock the account’s logins (even the right one) until they slide out of the window', async () => {
      const base = (Math.floor(Date.now() / (15 * 60_000)) + 20) * 15 * 60_000 + 1000;
      const victim = await registerAccount(cloud.api, 'Victim');
      const bystander = await registerAccount(cloud.api, 'Bystander');
      const login = (email: string, password: string) =>
        rawRequest(cloud, 'POST', '/auth/login', { json: { email, password } });
      const minutes = await withClockAhead(cloud, base - Date.now(), async () => {
        for (let i = 0; i < 3; i++)
          expectErrorBody(await login(victim.user.email, 'wrong guess!'), 401, 'UNAUTHORIZED');
        const { message } = expectErrorBody(
          await login(victim.user.email, FACTORY_PASSWORD),
          429,
          'RATE_LIMITED',
        );
        expect(message).toMatch(/^too many failed logins: try again in \d+ minutes$/);
        // Another account from the same address is not locked out.
        expect((await login(bystander.user.email, FACTORY_PASSWORD)).status).toBe(200);
        return Number(/in (\d+) minutes/.exec(message)![1]);
      });
      expect(minutes).toBeGreaterThan(15);
      expect(minutes).toBeLessThanOrEqual(30);
      const still = await withClockAhead(cloud, base + 15 * 60_000 - Date.now(), () =>
        login(victim.user.email, FACTORY_PASSWORD),
      );
      expect(still.status).toBe(429);
      const later = await withClockAhead(cloud, base + minutes * 60_000 - Date.now(), () =>
        login(victim.user.email, FACTORY_PASSWORD),
      );
      expect(later.status).toBe(200);
    });

    it('a signed-in account is limited on its own, wherever it calls from', async () => {
      const strict = await startTestCloud({ flags: { ...flags, userRateLimitPerMinute: 3 } });
      try {
        // Windows of its own, well inside the tokens' 15 minutes.
        const base = at(13) + 1000;
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
          const base = at(40) + 1000;
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
