import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, postgresAvailable, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { registerAccount } from '../helpers/factories.ts';
import { FACTORY_PASSWORD, rawRequest } from './support.ts';

const redisUrl = inject('redisUrl');
const LIMIT = 10;
const flags = { loginFailuresPerAccount: LIMIT };

/**
 * A burst of logins for one account: the attempt is reserved before the password hash,
 * so at most LIMIT failures are ever checked, whatever arrives at once, and once they
 * are held the right password is refused too. `clouds` take the requests in turn.
 */
function lockoutTests(clouds: () => TestCloud[]) {
  const login = (i: number, email: string, password: string) => {
    const list = clouds();
    return rawRequest(list[i % list.length]!, 'POST', '/auth/login', { json: { email, password } });
  };
  const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

  it('40 parallel wrong passwords: LIMIT are checked, the rest get 429, then the right password is refused', async () => {
    const victim = await registerAccount(clouds()[0]!.api, 'Victim');
    const statuses = (
      await Promise.all(Array.from({ length: 40 }, (_, i) => login(i, victim.user.email, `guess ${i}`)))
    ).map((r) => r.status);
    expect(count(statuses, 401)).toBe(LIMIT);
    expect(count(statuses, 429)).toBe(40 - LIMIT);
    for (let i = 0; i < 2; i++)
      expect((await login(i, victim.user.email, FACTORY_PASSWORD)).status).toBe(429);
  });

  it('39 wrong and the right one in parallel: at most LIMIT failures are checked, and once held the right one is refused', async () => {
    const victim = await registerAccount(clouds()[0]!.api, 'Victim');
    const passwords = Array.from({ length: 40 }, (_, i) => (i === 17 ? FACTORY_PASSWORD : `guess ${i}`));
    const answers = await Promise.all(passwords.map((p, i) => login(i, victim.user.email, p)));
    const statuses = answers.map((r) => r.status);
    const failures = count(statuses, 401);
    expect(failures).toBeLessThanOrEqual(LIMIT);
    // The right password got in only if it was among the attempts checked; a success gives
    // its place back, so one more guess may have been checked after it.
    expect(count(statuses, 200)).toBeLessThanOrEqual(1);
    expect(count(statuses, 429)).toBe(40 - failures - count(statuses, 200));
    if (statuses[17] !== 200) expect(statuses[17]).toBe(429);
    // Fill the failures up to the limit (if the success left a place), then nothing gets in.
    for (let i = failures; i < LIMIT; i++)
      expect((await login(i, victim.user.email, 'one more')).status).toBe(401);
    expect((await login(0, victim.user.email, 'one more')).status).toBe(429);
    expect((await login(1, victim.user.email, FACTORY_PASSWORD)).status).toBe(429);
  });
}

describe('login lockout under concurrency (PGlite, one instance)', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ flags });
  });
  afterAll(async () => {
    await cloud?.close();
  });
  lockoutTests(() => [cloud]);
});

describe.skipIf(!postgresAvailable() || !redisUrl)(
  'login lockout under concurrency (Postgres, two instances sharing Redis)',
  () => {
    let a: TestCloud;
    let b: TestCloud;
    beforeAll(async () => {
      const databaseUrl = await createTestDatabase();
      const redisPrefix = `lockout-${process.pid}-${Date.now()}:`;
      a = await startTestCloud({ databaseUrl, redisUrl: redisUrl!, redisPrefix, flags });
      b = await startTestCloud({ databaseUrl, redisUrl: redisUrl!, redisPrefix, flags });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
    });
    lockoutTests(() => [a, b]);
  },
);
