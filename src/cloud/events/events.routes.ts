import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { createEvent, getEvent, publishEvent } from './events.service.ts';

export const eventSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  venueId: z.string(),
  name: z.string(),
  status: z.enum(['DRAFT', 'PUBLISHED', 'CANCELLED']),
  startsAt: z.string(),
  endsAt: z.string(),
  doorsAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
const time = z.iso.datetime({
  offset: true,
  message: 'must be an ISO-8601 date-time such as 2026-12-31T20:00:00Z',
});
const params = z.object({ eventId: z.string() });

const create = createRoute({
  method: 'post',
  path: '/events',
  tags: ['events'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    body: json(
      z.object({
        venueId: z.string().min(1),
        name: z.string().trim().min(1).max(200),
        startsAt: time,
        endsAt: time,
        doorsAt: time.optional(),
      }),
    ),
  },
  responses: { 201: ok(eventSchema, 'Created as DRAFT'), 400: errorBody, 403: errorBody, 404: errorBody },
});

const get = createRoute({
  method: 'get',
  path: '/events/{eventId}',
  tags: ['events'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params },
  responses: { 200: ok(eventSchema, 'The event'), 404: errorBody },
});

const publish = createRoute({
  method: 'post',
  path: '/events/{eventId}/publish',
  tags: ['events'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params },
  responses: { 200: ok(eventSchema, 'Published'), 403: errorBody, 404: errorBody, 409: errorBody },
});

export const eventRoutes = createRouter()
  .openapi(create, async (c) =>
    c.json(await createEvent({ deps: c.var.deps, userId: c.var.userId, input: c.req.valid('json') }), 201),
  )
  .openapi(get, async (c) =>
    c.json(
      await getEvent({ deps: c.var.deps, userId: c.var.userId, eventId: c.req.valid('param').eventId }),
      200,
    ),
  )
  .openapi(publish, async (c) =>
    c.json(
      await publishEvent({ deps: c.var.deps, userId: c.var.userId, eventId: c.req.valid('param').eventId }),
      200,
    ),
  );
