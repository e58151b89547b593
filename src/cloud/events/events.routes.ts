import { createRoute, z } from '@hono/zod-openapi';
import { optionalUser, requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { cancelEvent } from './event-cancellation.service.ts';
import { listPublicEvents } from './event-listing.service.ts';
import { createEvent, getEvent, publishEvent, updateEvent } from './events.service.ts';

export const eventSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    venueId: z.string(),
    name: z.string(),
    status: z.enum(['DRAFT', 'PUBLISHED', 'CANCELLED']),
    startsAt: z.string(),
    endsAt: z.string(),
    doorsAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    reentryPolicy: z.enum(['single', 'reentry', 'unlimited']),
    category: z.string().nullable(),
    tags: z.array(z.string()),
    description: z.string().nullable(),
  })
  .openapi('Event');
const time = z.iso.datetime({
  offset: true,
  message: 'must be an ISO-8601 date-time such as 2026-12-31T20:00:00Z',
});
const params = z.object({ eventId: z.string() });
const details = {
  doorsAt: time.nullable().optional(),
  reentryPolicy: z.enum(['single', 'reentry', 'unlimited']).optional().openapi({
    description: 'single: one entry; reentry (default): again after an exit; unlimited: no anti-passback',
  }),
  category: z.string().trim().min(1).max(50).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  description: z.string().trim().max(5000).nullable().optional(),
};

const create = createRoute({
  method: 'post',
  path: '/events',
  operationId: 'createEvent',
  summary: 'Create an event',
  description: 'Creates an event at one of the organization’s venues as a DRAFT; publish it to sell tickets.',
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
        ...details,
      }),
      {
        venueId: '0193f1a2-7c3e-7a10-8b2c-3d4e5f607182',
        name: 'Midnight Jazz',
        startsAt: '2026-12-31T20:00:00Z',
        endsAt: '2027-01-01T01:00:00Z',
        doorsAt: '2026-12-31T19:00:00Z',
      },
    ),
  },
  responses: { 201: ok(eventSchema, 'Created as DRAFT'), 400: errorBody, 403: errorBody, 404: errorBody },
});

const update = createRoute({
  method: 'patch',
  path: '/events/{eventId}',
  operationId: 'updateEvent',
  summary: 'Update an event',
  description: 'Changes an event’s name, times or doors; a cancelled event cannot change (409).',
  tags: ['events'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params,
    body: json(
      z.object({
        name: z.string().trim().min(1).max(200).optional(),
        startsAt: time.optional(),
        endsAt: time.optional(),
        ...details,
      }),
    ),
  },
  responses: {
    200: ok(eventSchema, 'Updated'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

const list = createRoute({
  method: 'get',
  path: '/events',
  operationId: 'listEvents',
  summary: 'List published events',
  description: 'Lists published events, soonest first, for anyone: no sign-in needed.',
  tags: ['events'],
  request: {
    query: z.object({
      q: z.string().trim().min(1).max(100).optional(),
      from: time.optional(),
      to: time.optional(),
      venueId: z.string().optional(),
      category: z.string().trim().min(1).max(50).optional(),
      tag: z.string().trim().min(1).max(50).optional(),
      includeEnded: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
      cursor: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
  },
  responses: {
    200: ok(
      z.object({
        data: z.array(eventSchema.extend({ venueName: z.string(), ended: z.boolean() })),
        nextCursor: z.string().nullable(),
      }),
      'Published events, soonest first (no sign-in needed)',
    ),
    400: errorBody,
  },
});

const get = createRoute({
  method: 'get',
  path: '/events/{eventId}',
  operationId: 'getEvent',
  summary: 'Get an event',
  description:
    'Returns the event with its venue’s name, address and time zone. A published event is public; a draft only for its organization.',
  tags: ['events'],
  middleware: [optionalUser] as const,
  security: [{}, ...bearerAuth],
  request: { params },
  responses: {
    200: ok(
      eventSchema.extend({
        venue: z.object({
          id: z.string(),
          name: z.string(),
          address: z.string().nullable(),
          timezone: z.string(),
        }),
      }),
      'The event and its venue: no sign-in needed once published; a draft only for its organization',
    ),
    401: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const publish = createRoute({
  method: 'post',
  path: '/events/{eventId}/publish',
  operationId: 'publishEvent',
  summary: 'Publish an event',
  description: 'Puts a DRAFT event on sale and into the venue’s gate manifest.',
  tags: ['events'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params },
  responses: { 200: ok(eventSchema, 'Published'), 403: errorBody, 404: errorBody, 409: errorBody },
});

const cancel = createRoute({
  method: 'post',
  path: '/events/{eventId}/cancel',
  operationId: 'cancelEvent',
  summary: 'Cancel an event',
  description:
    'Cancels the event: its tickets are revoked (the gates hear it with the manifest) and paid orders are marked for refund.',
  tags: ['events'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params },
  responses: {
    200: ok(
      z.object({ event: eventSchema, ticketsCancelled: z.number().int(), ordersToRefund: z.number().int() }),
      'Cancelled: tickets revoked (the gates hear it via the manifest), paid orders marked for refund',
    ),
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

export const eventRoutes = createRouter()
  .openapi(list, async (c) =>
    c.json(await listPublicEvents({ deps: c.var.deps, query: c.req.valid('query') }), 200),
  )
  .openapi(create, async (c) =>
    c.json(await createEvent({ deps: c.var.deps, userId: c.var.userId, input: c.req.valid('json') }), 201),
  )
  .openapi(update, async (c) =>
    c.json(
      await updateEvent({
        deps: c.var.deps,
        userId: c.var.userId,
        eventId: c.req.valid('param').eventId,
        input: c.req.valid('json'),
      }),
      200,
    ),
  )
  .openapi(get, async (c) =>
    c.json(
      await getEvent({
        deps: c.var.deps,
        userId: c.var.userId ?? null,
        eventId: c.req.valid('param').eventId,
      }),
      200,
    ),
  )
  .openapi(publish, async (c) =>
    c.json(
      await publishEvent({ deps: c.var.deps, userId: c.var.userId, eventId: c.req.valid('param').eventId }),
      200,
    ),
  )
  .openapi(cancel, async (c) =>
    c.json(
      await cancelEvent({ deps: c.var.deps, userId: c.var.userId, eventId: c.req.valid('param').eventId }),
      200,
    ),
  );
