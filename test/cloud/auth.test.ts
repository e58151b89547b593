import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { expectApiError, registerAccount } from '../helpers/factories.ts';
import { expectErrorBody, FACTORY_PASSWORD, rawRequest, withClockAhead } from './support.ts';

let cloud: TestCloud;
let n = 0;
const freshEmail = () => `auth-${Date.now().toString(36)}-${n++}@test.tixmo`;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

function expectSessionShape(body: unknown, email: string, name: string) {
  const s = body as {
    user: { id: string; email: string; name: string };
    accessToken: string;
    refreshToken: string;
  };
  expect(Object.keys(s).sort()).toEqual(['accessToken', 'refreshToken', 'user']);
  expect(Object.keys(s.user).sort()).toEqual(['email', 'id', 'name']);
  expect(s.user).toEqual({ id: expect.any(String), email, name });
  expect(s.user.id.length).toBeGreaterThan(0);
  expect(s.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(s.refreshToken).toMatch(/^rt_[\w-]{20,}$/);
}

describe('POST /auth/register, /auth/login, GET /auth/me, POST /auth/refresh', () => {
  describe('happy path', () => {
    it('register answers 201 with the user and a token pair', async () => {
      const email = freshEmail();
      const res = await rawRequest(cloud, 'POST', '/auth/register', {
        json: { email, password: FACTORY_PASSWORD, name: 'Ada Lovelace' },
      });
      expect(res.status).toBe(201);
      expectSessionShape(res.body, email, 'Ada Lovelace');
    });

    it('trims and lowercases the email, so any spelling logs in to the same account', async () => {
      const local = `MiXeD-${Date.now().toString(36)}-${n++}`;
      const res = await rawRequest(cloud, 'POST', '/auth/register', {
        json: { email: `   ${local}@Example.COM  `, password: FACTORY_PASSWORD, name: '  Grace  ' },
      });
      expect(res.status).toBe(201);
      const canonical = `${local.toLowerCase()}@example.com`;
      expect(res.body.user.email).toBe(canonical);
      expect(res.body.user.name).toBe('Grace');

      const login = await cloud.api.post('/auth/login', {
        email: `${local.toUpperCase()}@EXAMPLE.com `,
        password: FACTORY_PASSWORD,
      });
      expect(login.user.id).toBe(res.body.user.id);
      expect(login.user.email).toBe(canonical);
    });

    it('login answers 200 with the same shape as register', async () => {
      const account = await registerAccount(cloud.api, 'Login Person');
      const res = await rawRequest(cloud, 'POST', '/auth/login', {
        json: { email: account.user.email, password: FACTORY_PASSWORD },
      });
      expect(res.status).toBe(200);
      expectSessionShape(res.body, account.user.email, 'Login Person');
      expect(res.body.user.id).toBe(account.user.id);
      expect(res.body.refreshToken).not.toBe(account.refreshToken);
    });

    it('/auth/me returns the caller for a valid access token', async () => {
      const account = await registerAccount(cloud.api, 'Me Myself');
      const res = await rawRequest(cloud, 'GET', '/auth/me', { token: account.accessToken });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: account.user.id, email: account.user.email, name: 'Me Myself' });
    });

    it('refresh rotates: a new pair that works, different from the old one', async () => {
      const account = await registerAccount(cloud.api);
      const res = await rawRequest(cloud, 'POST', '/auth/refresh', {
        json: { refreshToken: account.refreshToken },
      });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'refreshToken']);
      expect(res.body.refreshToken).not.toBe(account.refreshToken);
      const me = await cloud.api.as(res.body.accessToken).get('/auth/me');
      expect(me.id).toBe(account.user.id);
      const again = await cloud.api.post('/auth/refresh', { refreshToken: res.body.refreshToken });
      expect(again.refreshToken).not.toBe(res.body.refreshToken);
    });
  });

  describe('errors', () => {
    it('a second account for the same email is 409, whatever its case or spaces', async () => {
      const account = await registerAccount(cloud.api);
      const res = await rawRequest(cloud, 'POST', '/auth/register', {
        json: { email: ` ${account.user.email.toUpperCase()} `, password: FACTORY_PASSWORD, name: 'Copycat' },
      });
      const error = expectErrorBody(res, 409, 'CONFLICT');
      expect(error.message).toContain(account.user.email);
    });

    it('a weak password is 400 and the message names the field', async () => {
      for (const password of ['short', '        ']) {
        const res = await rawRequest(cloud, 'POST', '/auth/register', {
          json: { email: freshEmail(), password, name: 'Weak' },
        });
        const error = expectErrorBody(res, 400, 'BAD_REQUEST');
        expect(error.message).toMatch(/^password: /);
      }
    });

    it('a malformed email or a missing name is 400 naming the field', async () => {
      const badEmail = await rawRequest(cloud, 'POST', '/auth/register', {
        json: { email: 'not-an-email', password: FACTORY_PASSWORD, name: 'X' },
      });
      expect(expectErrorBody(badEmail, 400, 'BAD_REQUEST').message).toContain('email');
      const noName = await rawRequest(cloud, 'POST', '/auth/register', {
        json: { email: freshEmail(), password: FACTORY_PASSWORD },
      });
      expect(expectErrorBody(noName, 400, 'BAD_REQUEST').message).toContain('name');
    });

    it('wrong password and unknown email are both 401 with the same message', async () => {
      const account = await registerAccount(cloud.api);
      const wrong = await rawRequest(cloud, 'POST', '/auth/login', {
        json: { email: account.user.email, password: 'not the password' },
      });
      const unknown = await rawRequest(cloud, 'POST', '/auth/login', {
        json: { email: freshEmail(), password: FACTORY_PASSWORD },
      });
      const a = expectErrorBody(wrong, 401, 'UNAUTHORIZED');
      const b = expectErrorBody(unknown, 401, 'UNAUTHORIZED');
      expect(a.message).toBe(b.message);
      expect(a.requestId).not.toBe(b.requestId);
    });

    it('/auth/me without a token, or with a non-bearer header, is 401', async () => {
      const none = await rawRequest(cloud, 'GET', '/auth/me');
      expect(expectErrorBody(none, 401, 'UNAUTHORIZED').message).toMatch(/bearer/i);
      const basic = await rawRequest(cloud, 'GET', '/auth/me', { authorization: 'Basic dXNlcjpwYXNz' });
      expectErrorBody(basic, 401, 'UNAUTHORIZED');
    });

    it('an unknown refresh token is 401', async () => {
      const res = await rawRequest(cloud, 'POST', '/auth/refresh', { json: { refreshToken: 'rt_made-up' } });
      expectErrorBody(res, 401, 'UNAUTHORIZED');
    });

    it('every error has the body {error:{code,message,requestId}} and the request id is echoed in X-Request-Id', async () => {
      const res = await rawRequest(cloud, 'POST', '/auth/login', {
        json: { email: freshEmail(), password: 'whatever1' },
      });
      const error = expectErrorBody(res, 401, 'UNAUTHORIZED');
      expect(res.headers.get('x-request-id')).toBe(error.requestId);
      const unrouted = await rawRequest(cloud, 'GET', '/auth/nope');
      expectErrorBody(unrouted, 404, 'NOT_FOUND');
    });
  });

  describe('security', () => {
    it('reusing a rotated refresh token is 401 and revokes the whole family, the newer token too', async () => {
      const account = await registerAccount(cloud.api);
      const first = await cloud.api.post('/auth/refresh', { refreshToken: account.refreshToken });

      const reuse = await rawRequest(cloud, 'POST', '/auth/refresh', {
        json: { refreshToken: account.refreshToken },
      });
      expect(expectErrorBody(reuse, 401, 'UNAUTHORIZED').message).toMatch(/already used/);

      // The thief (or the victim) holding the newest token is logged out too.
      const newer = await rawRequest(cloud, 'POST', '/auth/refresh', {
        json: { refreshToken: first.refreshToken },
      });
      expectErrorBody(newer, 401, 'UNAUTHORIZED');
    });

    it('revoking one family leaves the account’s other sessions alone', async () => {
      const account = await registerAccount(cloud.api);
      const otherSession = await cloud.api.post('/auth/login', {
        email: account.user.email,
        password: FACTORY_PASSWORD,
      });
      await cloud.api.post('/auth/refresh', { refreshToken: account.refreshToken });
      await expectApiError(
        cloud.api.post('/auth/refresh', { refreshToken: account.refreshToken }),
        401,
        'UNAUTHORIZED',
      );
      const rotated = await cloud.api.post('/auth/refresh', { refreshToken: otherSession.refreshToken });
      expect(rotated.accessToken).toEqual(expect.any(String));
    });

    it('a tampered access token is 401', async () => {
      const victim = await registerAccount(cloud.api);
      const attacker = await registerAccount(cloud.api);
      const [header, payload, signature] = attacker.accessToken.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const forgedPayload = Buffer.from(JSON.stringify({ ...claims, sub: victim.user.id })).toString(
        'base64url',
      );
      const forged = await rawRequest(cloud, 'GET', '/auth/me', {
        token: `${header}.${forgedPayload}.${signature}`,
      });
      expect(expectErrorBody(forged, 401, 'UNAUTHORIZED').message).toBe('invalid access token');

      const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${forgedPayload}.`;
      expectErrorBody(await rawRequest(cloud, 'GET', '/auth/me', { token: unsigned }), 401, 'UNAUTHORIZED');

      const otherKey = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(victim.user.id)
        .setIssuer('tixmo')
        .setAudience('tixmo-api')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode('a-secret-the-server-never-had-0123456789'));
      expectErrorBody(await rawRequest(cloud, 'GET', '/auth/me', { token: otherKey }), 401, 'UNAUTHORIZED');
    });

    it('an expired access token is 401 saying to refresh', async () => {
      const account = await registerAccount(cloud.api);
      const expiredByServerKey = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(account.user.id)
        .setIssuer('tixmo')
        .setAudience('tixmo-api')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(new TextEncoder().encode(cloud.deps.config.jwtSecret));
      const res = await rawRequest(cloud, 'GET', '/auth/me', { token: expiredByServerKey });
      expect(expectErrorBody(res, 401, 'UNAUTHORIZED').message).toMatch(/expired/);

      // A token the server itself issued stops working once its lifetime has passed, also
      // after it was verified once (and remembered) while still fresh.
      expect((await rawRequest(cloud, 'GET', '/auth/me', { token: account.accessToken })).status).toBe(200);
      const later = await withClockAhead(cloud, (cloud.deps.config.accessTokenMinutes + 1) * 60_000, () =>
        rawRequest(cloud, 'GET', '/auth/me', { token: account.accessToken }),
      );
      expect(expectErrorBody(later, 401, 'UNAUTHORIZED').message).toMatch(/expired/);
    });

    it('the password hash never appears in any response', async () => {
      const email = freshEmail();
      const bodies: string[] = [];
      const reg = await rawRequest(cloud, 'POST', '/auth/register', {
        json: { email, password: FACTORY_PASSWORD, name: 'Hash' },
      });
      bodies.push(reg.text);
      const login = await rawRequest(cloud, 'POST', '/auth/login', {
        json: { email, password: FACTORY_PASSWORD },
      });
      bodies.push(login.text);
      bodies.push((await rawRequest(cloud, 'GET', '/auth/me', { token: login.body.accessToken })).text);
      bodies.push(
        (
          await rawRequest(cloud, 'POST', '/auth/refresh', {
            json: { refreshToken: login.body.refreshToken },
          })
        ).text,
      );
      bodies.push(
        (
          await rawRequest(cloud, 'POST', '/auth/register', {
            json: { email, password: FACTORY_PASSWORD, name: 'Again' },
          })
        ).text,
      );
      bodies.push(
        (await rawRequest(cloud, 'POST', '/auth/login', { json: { email, password: 'wrong password' } }))
          .text,
      );
      expect(bodies).toHaveLength(6);
      for (const text of bodies) {
        expect(text.length).toBeGreaterThan(0);
        expect(text).not.toMatch(/scrypt\$/);
        expect(text).not.toMatch(/password_?hash/i);
        expect(text).not.toContain(FACTORY_PASSWORD);
      }
    });
  });
});
