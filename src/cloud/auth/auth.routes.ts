import { createRoute, z } from '@hono/zod-openapi';
import { clientIp } from '../rate-limit/rate-limit.ts';
import { createRouter, errorBody, json, ok } from '../router.ts';
import { deleteAccount, updateProfile } from './account.service.ts';
import { getUser, loginUser, logoutSession, refreshSession, registerUser } from './auth.service.ts';
import { requireUser } from './middleware.ts';

const userSchema = z.object({ id: z.string(), email: z.string(), name: z.string() }).openapi('User');
const sessionSchema = z
  .object({ user: userSchema, accessToken: z.string(), refreshToken: z.string() })
  .openapi('Session');
const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));
const password = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(200, 'must be at most 200 characters')
  .refine((p) => p.trim().length > 0, 'must not be only spaces');

const register = createRoute({
  method: 'post',
  path: '/register',
  operationId: 'register',
  summary: 'Create an account',
  description:
    'Registers a buyer or staff account with an email address and password and signs it in: the answer holds an access token and a refresh token. A mail asks to verify the address.',
  tags: ['auth'],
  request: {
    body: json(z.object({ email, password, name: z.string().trim().min(1).max(200) }), {
      email: 'ada@example.org',
      password: 'correct horse battery',
      name: 'Ada Lovelace',
    }),
  },
  responses: { 201: ok(sessionSchema, 'Account created'), 400: errorBody, 409: errorBody },
});

const login = createRoute({
  method: 'post',
  path: '/login',
  operationId: 'login',
  summary: 'Sign in',
  description:
    'Exchanges an email address and password for an access token (valid for minutes) and a refresh token. Repeated failures for one account or one address are rate limited.',
  tags: ['auth'],
  request: {
    body: json(z.object({ email, password: z.string().min(1).max(200) }), {
      email: 'ada@example.org',
      password: 'correct horse battery',
    }),
  },
  responses: { 200: ok(sessionSchema, 'Logged in'), 401: errorBody, 429: errorBody },
});

const logout = createRoute({
  method: 'post',
  path: '/logout',
  operationId: 'logout',
  summary: 'Sign out',
  description:
    'Revokes a refresh token and every token rotated from it; access tokens already issued expire on their own.',
  tags: ['auth'],
  request: { body: json(z.object({ refreshToken: z.string().min(1).max(200) })) },
  responses: { 204: { description: 'The refresh token and every rotation of it are revoked' } },
});

const refresh = createRoute({
  method: 'post',
  path: '/refresh',
  operationId: 'refreshSession',
  summary: 'Refresh the session',
  description:
    'Exchanges a refresh token for a new access token and a new refresh token; the old refresh token stops working (rotation).',
  tags: ['auth'],
  request: { body: json(z.object({ refreshToken: z.string().min(1).max(200) })) },
  responses: {
    200: ok(z.object({ accessToken: z.string(), refreshToken: z.string() }), 'Rotated'),
    401: errorBody,
  },
});

const me = createRoute({
  method: 'get',
  path: '/me',
  operationId: 'getMe',
  summary: 'Get the signed-in account',
  description: 'Returns the caller’s account: id, email address, name and whether the address is verified.',
  tags: ['auth'],
  middleware: [requireUser] as const,
  security: [{ bearer: [] }],
  responses: { 200: ok(userSchema, 'The caller'), 401: errorBody },
});

const updateMe = createRoute({
  method: 'patch',
  path: '/me',
  operationId: 'updateMe',
  summary: 'Update the signed-in account',
  description:
    'Changes the caller’s name, email address or password; changing the password needs the current one.',
  tags: ['auth'],
  middleware: [requireUser] as const,
  security: [{ bearer: [] }],
  request: {
    body: json(
      z.object({
        name: z.string().trim().min(1).max(200).optional(),
        currentPassword: z.string().min(1).max(200).optional(),
        newPassword: password.optional(),
      }),
    ),
  },
  responses: { 200: ok(userSchema, 'Updated'), 400: errorBody, 401: errorBody, 403: errorBody },
});

const deleteMe = createRoute({
  method: 'delete',
  path: '/me',
  operationId: 'deleteMe',
  summary: 'Delete the signed-in account',
  description:
    'Erases the caller’s personal data and signs every session out; orders and tickets stay for the organizations’ books. An organization’s last owner must hand it over first (409).',
  tags: ['auth'],
  middleware: [requireUser] as const,
  security: [{ bearer: [] }],
  request: { body: json(z.object({ password: z.string().min(1).max(200) })) },
  responses: {
    204: { description: 'Deleted: personal data wiped, orders and tickets kept' },
    401: errorBody,
    403: errorBody,
    409: errorBody,
  },
});

export const authRoutes = createRouter()
  .openapi(register, async (c) =>
    c.json(await registerUser({ deps: c.var.deps, input: c.req.valid('json') }), 201),
  )
  .openapi(login, async (c) =>
    c.json(await loginUser({ deps: c.var.deps, input: c.req.valid('json'), ip: clientIp(c) }), 200),
  )
  .openapi(logout, async (c) => {
    await logoutSession({ deps: c.var.deps, refreshToken: c.req.valid('json').refreshToken });
    return c.body(null, 204);
  })
  .openapi(refresh, async (c) =>
    c.json(await refreshSession({ deps: c.var.deps, refreshToken: c.req.valid('json').refreshToken }), 200),
  )
  .openapi(me, async (c) => c.json(await getUser({ deps: c.var.deps, userId: c.var.userId }), 200))
  .openapi(updateMe, async (c) =>
    c.json(await updateProfile({ deps: c.var.deps, userId: c.var.userId, input: c.req.valid('json') }), 200),
  )
  .openapi(deleteMe, async (c) => {
    await deleteAccount({ deps: c.var.deps, userId: c.var.userId, password: c.req.valid('json').password });
    return c.body(null, 204);
  });
