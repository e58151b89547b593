import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { createTier, listTiers } from './tiers.service.ts';

const tierSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  name: z.string(),
  priceCents: z.number().int(),
  currency: z.string(),
  quantity: z.number().int(),
  maxPerOrder: z.number().int(),
  available: z.number().int(),
});
const params = z.object({ eventId: z.string() });

const create = createRoute({
  method: 'post',
  path: '/events/{eventId}/tiers',
  tags: ['tiers'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params,
    body: json(
      z.object({
        name: z.string().trim().min(1).max(200),
        priceCents: z.number().int().min(0).max(100_000_000),
        quantity: z.number().int().min(1).max(1_000_000),
        maxPerOrder: z.number().int().min(1).max(100).optional(),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
          .optional(),
      }),
    ),
  },
  responses: {
    201: ok(tierSchema, 'Created'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

const list = createRoute({
  method: 'get',
  path: '/events/{eventId}/tiers',
  tags: ['tiers'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params },
  responses: { 200: ok(z.object({ data: z.array(tierSchema) }), 'Tiers of the event'), 404: errorBody },
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
  .openapi(list, async (c) =>
    c.json(
      {
        data: await listTiers({
          deps: c.var.deps,
          userId: c.var.userId,
          eventId: c.req.valid('param').eventId,
        }),
      },
      200,
    ),
  );
