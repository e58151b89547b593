import { createRoute, z } from '@hono/zod-openapi';
import { optionalUser, requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { createTier, deleteTier, getTier, listTiers, tierAvailability, updateTier } from './tiers.service.ts';

const tierSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    name: z.string(),
    priceCents: z.number().int(),
    currency: z.string(),
    quantity: z.number().int(),
    minPerOrder: z.number().int(),
    maxPerOrder: z.number().int(),
    available: z.number().int(),
    saleStartsAt: z.string().nullable(),
    saleEndsAt: z.string().nullable(),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    active: z.boolean(),
    sortOrder: z.number().int(),
    transferable: z.boolean(),
  })
  .openapi('Tier');
const params = z.object({ eventId: z.string() });
const tierParams = z.object({ tierId: z.string() });
const time = z.iso.datetime({
  offset: true,
  message: 'must be an ISO-8601 date-time such as 2026-12-31T20:00:00Z',
});
const fields = {
  name: z.string().trim().min(1).max(200),
  priceCents: z.number().int().min(0).max(100_000_000),
  quantity: z.number().int().min(1).max(1_000_000),
  minPerOrder: z.number().int().min(1).max(100).optional(),
  maxPerOrder: z.number().int().min(1).max(100).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .optional(),
  saleStartsAt: time.nullable().optional(),
  saleEndsAt: time.nullable().optional(),
  validFrom: time
    .nullable()
    .optional()
    .openapi({ description: 'Admission window at the gate; null = the event’s' }),
  validUntil: time.nullable().optional(),
  active: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  transferable: z.boolean().optional(),
};

const create = createRoute({
  method: 'post',
  path: '/events/{eventId}/tiers',
  operationId: 'createTier',
  summary: 'Create a ticket tier',
  description: 'Adds a ticket tier (price, quantity, order limits, sale window) to an event.',
  tags: ['tiers'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params,
    body: json(z.object(fields), {
      name: 'General admission',
      priceCents: 4500,
      quantity: 1500,
      maxPerOrder: 10,
      currency: 'EUR',
    }),
  },
  responses: {
    201: ok(tierSchema, 'Created'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

const update = createRoute({
  method: 'patch',
  path: '/tiers/{tierId}',
  operationId: 'updateTier',
  summary: 'Update a ticket tier',
  description: 'Changes a tier; its quantity cannot drop below what is sold and held (409).',
  tags: ['tiers'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params: tierParams,
    body: json(
      z.object({
        ...fields,
        name: fields.name.optional(),
        priceCents: fields.priceCents.optional(),
        quantity: fields.quantity.optional(),
      }),
    ),
  },
  responses: {
    200: ok(tierSchema, 'Updated'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/tiers/{tierId}',
  operationId: 'deleteTier',
  summary: 'Delete a ticket tier',
  description: 'Deletes a tier that has sold nothing (409 otherwise).',
  tags: ['tiers'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: tierParams },
  responses: { 204: { description: 'Deleted' }, 403: errorBody, 404: errorBody, 409: errorBody },
});

const list = createRoute({
  method: 'get',
  path: '/events/{eventId}/tiers',
  operationId: 'listEventTiers',
  summary: 'List an event’s tiers',
  description:
    'Lists the active tiers of a published event for anyone (no sign-in needed), and every tier for the event’s organization.',
  tags: ['tiers'],
  middleware: [optionalUser] as const,
  security: [{}, ...bearerAuth],
  request: { params },
  responses: {
    200: ok(
      z.object({ data: z.array(tierSchema) }),
      'Tiers of the event: the active ones of a published event for anyone (no sign-in needed), all for its organization',
    ),
    401: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const get = createRoute({
  method: 'get',
  path: '/tiers/{tierId}',
  operationId: 'getTier',
  summary: 'Get a ticket tier',
  description:
    'Returns a tier with what is left to sell. No sign-in needed for an active tier of a published event.',
  tags: ['tiers'],
  middleware: [optionalUser] as const,
  security: [{}, ...bearerAuth],
  request: { params: tierParams },
  responses: {
    200: ok(
      tierSchema,
      'The tier; `available` is what is left (quantity minus sold and held). No sign-in needed for an active tier of a published event',
    ),
    401: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const availability = createRoute({
  method: 'get',
  path: '/tiers/{tierId}/availability',
  operationId: 'getTierAvailability',
  summary: 'Get a tier’s live availability',
  description:
    'Returns sold, held and available counts and whether the tier can be bought now, with a message saying why not.',
  tags: ['tiers'],
  middleware: [optionalUser] as const,
  security: [{}, ...bearerAuth],
  request: { params: tierParams },
  responses: {
    200: ok(
      z.object({
        tierId: z.string(),
        quantity: z.number().int(),
        sold: z.number().int(),
        held: z.number().int(),
        available: z.number().int(),
        isOnSale: z.boolean(),
        canPurchase: z.boolean(),
        message: z.string(),
      }),
      'Live availability (no sign-in needed for a published event)',
    ),
    404: errorBody,
  },
});

export const tierRoutes = createRouter()
  .openapi(create, async (c) =>
    c.json(
      await createTier({
        deps: c.var.deps,
        userId: c.var.userId,
        eventId: c.req.valid('param').eventId,
        input: c.req.valid('json'),
      }),
      201,
    ),
  )
  .openapi(update, async (c) =>
    c.json(
      await updateTier({
        deps: c.var.deps,
        userId: c.var.userId,
        tierId: c.req.valid('param').tierId,
        input: c.req.valid('json'),
      }),
      200,
    ),
  )
  .openapi(remove, async (c) => {
    await deleteTier({ deps: c.var.deps, userId: c.var.userId, tierId: c.req.valid('param').tierId });
    return c.body(null, 204);
  })
  .openapi(get, async (c) =>
    c.json(
      await getTier({ deps: c.var.deps, userId: c.var.userId ?? null, tierId: c.req.valid('param').tierId }),
      200,
    ),
  )
  .openapi(list, async (c) =>
    c.json(
      {
        data: await listTiers({
          deps: c.var.deps,
          userId: c.var.userId ?? null,
          eventId: c.req.valid('param').eventId,
        }),
      },
      200,
    ),
  )
  .openapi(availability, async (c) =>
    c.json(
      await tierAvailability({
        deps: c.var.deps,
        userId: c.var.userId ?? null,
        tierId: c.req.valid('param').tierId,
      }),
      200,
    ),
  );
