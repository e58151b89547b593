import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { clientIp } from '../rate-limit/rate-limit.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import {
  confirmPasswordReset,
  limitAccountMailByIp,
  requestPasswordReset,
  resendVerification,
  verifyEmail,
} from './account-mail.service.ts';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));
const token = z
  .string()
  .min(10, 'is not a mailed token')
  .max(200)
  .regex(/^[A-Za-z0-9_.-]+$/, 'is not a mailed token');
const password = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(200, 'must be at most 200 characters')
  .refine((p) => p.trim().length > 0, 'must not be only spaces');
const message = z.object({ message: z.string() });

const resetRequest = createRoute({
  method: 'post',
  path: '/password-reset',
  operationId: 'requestPasswordReset',
  summary: 'Request a password reset mail',
  tags: ['auth'],
  description:
    'Mails a single-use reset link (30 minutes) if an account has this address; the answer is the same either way.',
  request: { body: json(z.object({ email })) },
  responses: { 202: ok(message, 'Accepted'), 400: errorBody, 429: errorBody },
});

const resetConfirm = createRoute({
  method: 'post',
  path: '/password-reset/confirm',
  operationId: 'confirmPasswordReset',
  summary: 'Set a new password with a reset token',
  description: 'Sets the password from the token of a reset mail and logs out every session of the account.',
  tags: ['auth'],
  request: { body: json(z.object({ token, newPassword: password })) },
  responses: {
    204: { description: 'Password changed; every session of the account is logged out' },
    400: errorBody,
    429: errorBody,
  },
});

const verify = createRoute({
  method: 'post',
  path: '/verify-email',
  operationId: 'verifyEmail',
  summary: 'Verify an email address',
  description: 'Marks the address verified with the token from the verification mail.',
  tags: ['auth'],
  request: { body: json(z.object({ token })) },
  responses: {
    200: ok(z.object({ email: z.string(), emailVerified: z.literal(true) }), 'The address is verified'),
    400: errorBody,
    429: errorBody,
  },
});

const resend = createRoute({
  method: 'post',
  path: '/verify-email/resend',
  operationId: 'resendVerificationEmail',
  summary: 'Send the verification mail again',
  description: 'Sends a new verification link to the caller’s address; an address already verified is a 409.',
  tags: ['auth'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  responses: { 202: ok(message, 'A new link is on its way'), 401: errorBody, 409: errorBody, 429: errorBody },
});

/** Mounted under /auth beside the account routes. */
export const accountMailRoutes = createRouter()
  .openapi(resetRequest, async (c) => {
    await limitAccountMailByIp(c.var.deps, clientIp(c));
    return c.json(requestPasswordReset({ deps: c.var.deps, email: c.req.valid('json').email }), 202);
  })
  .openapi(resetConfirm, async (c) => {
    await limitAccountMailByIp(c.var.deps, clientIp(c));
    const body = c.req.valid('json');
    await confirmPasswordReset({ deps: c.var.deps, token: body.token, newPassword: body.newPassword });
    return c.body(null, 204);
  })
  .openapi(verify, async (c) => {
    await limitAccountMailByIp(c.var.deps, clientIp(c));
    return c.json(await verifyEmail({ deps: c.var.deps, token: c.req.valid('json').token }), 200);
  })
  .openapi(resend, async (c) =>
    c.json(await resendVerification({ deps: c.var.deps, userId: c.var.userId }), 202),
  );
