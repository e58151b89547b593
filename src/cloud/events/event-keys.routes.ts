import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, ok } from '../router.ts';
import { listEventKeys, revokeEventKey, rotateEventKey } from './event-keys.service.ts';

const keyList = z.object({
  data: z.array(
    z.object({
      kid: z.string(),
      createdAt: z.string(),
      revokedAt: z.string().nullable(),
      signing: z.boolean(),
    }),
  ),
});
const params = z.object({ eventId: z.string() });
const errors = { 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

const list = createRoute({
  tags: ['events'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'get',
  path: '/events/{eventId}/keys',
  operationId: 'listEventKeys',
  summary: 'List an event’s signing keys',
  description: 'Lists the keys that sign the event’s ticket codes, oldest first.',
  request: { params },
  responses: { 200: ok(keyList, 'The event’s signing keys, oldest first'), ...errors },
});
const rotate = createRoute({
  tags: ['events'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'post',
  path: '/events/{eventId}/keys/rotate',
  operationId: 'rotateEventKey',
  summary: 'Rotate an event’s signing key',
  description: 'Makes a new signing key for new codes; codes signed by older keys still verify.',
  request: { params },
  responses: { 200: ok(keyList, 'A new signing key; older keys still verify'), ...errors },
});
const revoke = createRoute({
  tags: ['events'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'post',
  path: '/events/{eventId}/keys/{kid}/revoke',
  operationId: 'revokeEventKey',
  summary: 'Revoke a signing key',
  description:
    'Removes a signing key from the gates’ manifest: codes signed with it are refused from then on.',
  request: { params: params.extend({ kid: z.string() }) },
  responses: { 200: ok(keyList, 'The key leaves the gates’ manifest'), ...errors },
});

export const eventKeyRoutes = createRouter()
  .openapi(list, async (c) =>
    c.json(await listEventKeys({ deps: c.var.deps, userId: c.var.userId, ...c.req.valid('param') }), 200),
  )
  .openapi(rotate, async (c) =>
    c.json(await rotateEventKey({ deps: c.var.deps, userId: c.var.userId, ...c.req.valid('param') }), 200),
  )
  .openapi(revoke, async (c) =>
    c.json(await revokeEventKey({ deps: c.var.deps, userId: c.var.userId, ...c.req.valid('param') }), 200),
  );
