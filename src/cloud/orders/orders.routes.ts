import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { confirmOrder, createOrder, getOrder } from './orders.service.ts';

const orderSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  status: z.enum(['PENDING', 'CONFIRMED', 'EXPIRED', 'CANCELLED']),
  totalCents: z.number().int(),
  currency: z.string(),
  expiresAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  refundedCents: z.number().int(),
  disputed: z.boolean(),
  statusReason: z.string().nullable(),
  createdAt: z.string(),
});
const params = z.object({ orderId: z.string() });

const create = createRoute({
  method: 'post',
  path: '/orders',
  tags: ['orders'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    body: json(
      z.object({
        items: z
          .array(z.object({ tierId: z.string().min(1), quantity: z.number().int().min(1).max(100) }))
          .min(1, 'must hold at least one item')
          .max(20),
      }),
    ),
  },
  responses: {
    201: ok(orderSchema, 'CONFIRMED when free, else PENDING with a hold until expiresAt'),
    400: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

const confirm = createRoute({
  method: 'post',
  path: '/orders/{orderId}/confirm',
  tags: ['orders'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params },
  responses: {
    200: ok(orderSchema, 'Confirmed; tickets issued'),
    403: errorBody,
    404: errorBody,
    409: errorBody,
    410: errorBody,
  },
});

const get = createRoute({
  method: 'get',
  path: '/orders/{orderId}',
  tags: ['orders'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params },
  responses: {
    200: ok(
      orderSchema.extend({
        items: z.array(
          z.object({ tierId: z.string(), quantity: z.number().int(), unitPriceCents: z.number().int() }),
        ),
      }),
      'The order',
    ),
    404: errorBody,
  },
});

export const orderRoutes = createRouter()
  .openapi(create, async (c) =>
    c.json(await createOrder({ deps: c.var.deps, userId: c.var.userId, input: c.req.valid('json') }), 201),
  )
  .openapi(confirm, async (c) =>
    c.json(
      await confirmOrder({ deps: c.var.deps, userId: c.var.userId, orderId: c.req.valid('param').orderId }),
      200,
    ),
  )
  .openapi(get, async (c) =>
    c.json(
      await getOrder({ deps: c.var.deps, userId: c.var.userId, orderId: c.req.valid('param').orderId }),
      200,
    ),
  );
