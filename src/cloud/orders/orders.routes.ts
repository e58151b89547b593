import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { cloudMetrics } from '../ops/metrics.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import {
  cancelOrder,
  confirmOrder,
  getOrder,
  listEventOrders,
  listMyOrders,
} from './order-lifecycle.service.ts';
import { createOrder } from './orders.service.ts';

export const orderSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    status: z.enum(['PENDING', 'CONFIRMED', 'EXPIRED', 'CANCELLED']),
    subtotalCents: z.number().int(),
    discountCents: z.number().int(),
    totalCents: z.number().int(),
    currency: z.string(),
    expiresAt: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    refundedCents: z.number().int(),
    disputed: z.boolean(),
    statusReason: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    refundDue: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Order');
const params = z.object({ orderId: z.string() });
const pageQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const page = z.object({ data: z.array(orderSchema), nextCursor: z.string().nullable() });

const create = createRoute({
  middleware: [requireUser] as const,
  security: bearerAuth,
  tags: ['orders'],
  method: 'post',
  path: '/orders',
  operationId: 'createOrder',
  summary: 'Place an order',
  description:
    'Reserves tickets of one event: a free order is CONFIRMED at once, a paid one is PENDING with a hold until expiresAt. A promo code may apply.',
  request: {
    headers: z.object({
      'idempotency-key': z
        .string()
        .trim()
        .min(1)
        .max(200, 'must be at most 200 characters')
        .optional()
        .openapi({ description: 'Same key and body → the same order; same key, other body → 409' }),
    }),
    body: json(
      z.object({
        items: z
          .array(z.object({ tierId: z.string().min(1), quantity: z.number().int().min(1).max(100) }))
          .min(1, 'must hold at least one item')
          .max(20),
        promoCode: z.string().trim().min(1).max(64).optional(),
      }),
      { items: [{ tierId: '0193f1a2-8d4f-7b21-9c3d-4e5f60718293', quantity: 2 }], promoCode: 'EARLYBIRD' },
    ),
  },
  responses: {
    201: ok(orderSchema, 'CONFIRMED when free, else PENDING with a hold until expiresAt'),
    400: errorBody,
    404: errorBody,
    409: errorBody,
    422: errorBody,
  },
});

const confirm = createRoute({
  middleware: [requireUser] as const,
  security: bearerAuth,
  tags: ['orders'],
  method: 'post',
  path: '/orders/{orderId}/confirm',
  operationId: 'confirmOrder',
  summary: 'Confirm an order (box office)',
  description:
    'Confirms a PENDING order paid at the box office and issues its tickets; an expired hold is a 410.',
  request: {
    params,
    body: {
      content: {
        'application/json': {
          schema: z.object({
            reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500).optional().openapi({
              description:
                'Why the order is confirmed by hand; required (of an OWNER) when card payments are on',
            }),
          }),
        },
      },
      required: false,
    },
  },
  responses: {
    200: ok(orderSchema, 'Confirmed; tickets issued'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
    410: errorBody,
  },
});

const cancel = createRoute({
  middleware: [requireUser] as const,
  security: bearerAuth,
  tags: ['orders'],
  method: 'post',
  path: '/orders/{orderId}/cancel',
  operationId: 'cancelOrder',
  summary: 'Cancel an order',
  description: 'Cancels an order: a hold is released; a paid order’s tickets are revoked.',
  request: { params },
  responses: {
    200: ok(orderSchema, 'Cancelled; a hold is released, a paid order’s tickets are revoked'),
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

const get = createRoute({
  middleware: [requireUser] as const,
  security: bearerAuth,
  tags: ['orders'],
  method: 'get',
  path: '/orders/{orderId}',
  operationId: 'getOrder',
  summary: 'Get an order',
  description: 'Returns an order with its items, card payment and refunds, to its buyer or its organization.',
  request: { params },
  responses: {
    200: ok(
      orderSchema.extend({
        confirmation: z
          .object({
            method: z.enum(['payment', 'box_office', 'free']).nullable().openapi({
              description: 'null: confirmed by hand before who did it was recorded',
            }),
            by: z.object({ userId: z.string(), name: z.string() }).nullable(),
            reason: z.string().nullable(),
            at: z.string(),
          })
          .nullable()
          .openapi({ description: 'How and by whom the order was confirmed; null until it is' }),
        items: z.array(
          z.object({ tierId: z.string(), quantity: z.number().int(), unitPriceCents: z.number().int() }),
        ),
        payment: z
          .object({ paymentIntentId: z.string(), status: z.string(), lastError: z.string().nullable() })
          .nullable(),
        refunds: z.array(
          z.object({
            id: z.string(),
            amountCents: z.number().int(),
            ticketIds: z.array(z.string()),
            provider: z.string(),
            status: z.string(),
            reason: z.string().nullable(),
          }),
        ),
      }),
      'The order, with its card payment and refunds',
    ),
    404: errorBody,
  },
});

const mine = createRoute({
  middleware: [requireUser] as const,
  security: bearerAuth,
  tags: ['orders'],
  method: 'get',
  path: '/me/orders',
  operationId: 'listMyOrders',
  summary: 'List my orders',
  description: 'Lists the caller’s orders, newest first.',
  request: { query: pageQuery },
  responses: { 200: ok(page, 'The caller’s orders, newest first'), 400: errorBody },
});

const ofEvent = createRoute({
  middleware: [requireUser] as const,
  security: bearerAuth,
  tags: ['orders'],
  method: 'get',
  path: '/events/{eventId}/orders',
  operationId: 'listEventOrders',
  summary: 'List an event’s orders',
  description: 'Lists the event’s orders, newest first, for members of its organization.',
  request: { params: z.object({ eventId: z.string() }), query: pageQuery },
  responses: { 200: ok(page, 'The event’s orders, newest first (organization members)'), 404: errorBody },
});

export const orderRoutes = createRouter()
  .openapi(create, async (c) => {
    const { order, replayed } = await createOrder({
      deps: c.var.deps,
      userId: c.var.userId,
      input: c.req.valid('json'),
      idempotencyKey: c.req.valid('header')['idempotency-key'],
    });
    if (replayed) c.header('Idempotent-Replayed', 'true');
    else cloudMetrics(c.var.deps).orders.inc({ status: order.status });
    return c.json(order, 201);
  })
  .openapi(confirm, async (c) =>
    c.json(
      await confirmOrder({
        deps: c.var.deps,
        userId: c.var.userId,
        orderId: c.req.valid('param').orderId,
        // The body is optional: without one (the box office's usual call) valid('json') is empty.
        reason: (c.req.valid('json') as { reason?: string } | undefined)?.reason,
      }),
      200,
    ),
  )
  .openapi(cancel, async (c) =>
    c.json(
      await cancelOrder({ deps: c.var.deps, userId: c.var.userId, orderId: c.req.valid('param').orderId }),
      200,
    ),
  )
  .openapi(get, async (c) =>
    c.json(
      await getOrder({ deps: c.var.deps, userId: c.var.userId, orderId: c.req.valid('param').orderId }),
      200,
    ),
  )
  .openapi(mine, async (c) =>
    c.json(await listMyOrders({ deps: c.var.deps, userId: c.var.userId, ...c.req.valid('query') }), 200),
  )
  .openapi(ofEvent, async (c) =>
    c.json(
      await listEventOrders({
        deps: c.var.deps,
        userId: c.var.userId,
        eventId: c.req.valid('param').eventId,
        ...c.req.valid('query'),
      }),
      200,
    ),
  );
