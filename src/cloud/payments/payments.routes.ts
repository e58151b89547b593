import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { INT4_MAX } from '../input-guard.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { startPayment } from './payment.service.ts';
import { refundOrder } from './refunds.service.ts';
import { applyStripeEvent, verifyStripeEvent } from './webhook.service.ts';

const orderParams = z.object({ orderId: z.string() });

const pay = createRoute({
  method: 'post',
  path: '/orders/{orderId}/payment',
  operationId: 'startPayment',
  summary: 'Start a card payment',
  description:
    'Creates the order’s Stripe PaymentIntent (once: the same one on every call) and returns its client secret. 503 when card payments are not configured.',
  tags: ['payments'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: orderParams },
  responses: {
    200: ok(
      z.object({ clientSecret: z.string(), paymentIntentId: z.string(), amountCents: z.number().int() }),
      'The order’s PaymentIntent (made once; the same one on every call)',
    ),
    404: errorBody,
    409: errorBody,
    410: errorBody,
    503: errorBody,
  },
});

const refundSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    amountCents: z.number().int(),
    ticketIds: z.array(z.string()),
    provider: z.string(),
    status: z.string(),
    reason: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Refund');

const refund = createRoute({
  method: 'post',
  path: '/orders/{orderId}/refunds',
  operationId: 'refundOrder',
  summary: 'Refund an order',
  description:
    'Refunds an order in full or part (some tickets or an amount); the refunded tickets are revoked and card orders are refunded through Stripe.',
  tags: ['payments'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params: orderParams,
    body: json(
      z.object({
        amountCents: z.number().int().min(0).max(INT4_MAX).optional(),
        ticketIds: z
          .array(z.string().min(1))
          .min(1, 'name at least one ticket, or leave ticketIds out')
          .max(100)
          .optional(),
        reason: z.string().trim().max(500).optional(),
      }),
      { ticketIds: ['0193f1a3-1a2b-7c3d-8e4f-5a6b7c8d9e0f'], reason: 'Cannot attend' },
    ),
  },
  responses: {
    201: ok(refundSchema, 'Recorded; tickets revoked; sent to Stripe for card orders'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

/**
 * Stripe signs the exact bytes it sent, so this body is read raw, never parsed by a
 * schema: the route is only registered in the document (below) and handled as plain Hono.
 */
const stripeWebhook = createRoute({
  method: 'post',
  path: '/payments/webhook',
  operationId: 'receiveStripeWebhook',
  summary: 'Receive a Stripe event',
  description:
    'Stripe’s webhook (set its URL in the Stripe dashboard): the raw body is verified with the Stripe-Signature header and the configured signing secret, then a payment that succeeded confirms its order and a refund updates its record. An event seen before is acknowledged as a duplicate; 404 when card payments are not configured.',
  tags: ['payments'],
  request: {
    headers: z.object({
      'stripe-signature': z.string().openapi({
        description: 'Stripe’s signature of the raw body',
        example: 't=1767225600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
      }),
    }),
    body: {
      required: true,
      description: 'A Stripe event, exactly as Stripe sent it',
      content: {
        'application/json': {
          schema: z
            .looseObject({
              id: z.string(),
              type: z.string(),
              data: z.looseObject({ object: z.looseObject({}) }),
            })
            .openapi('StripeEvent', {
              example: {
                id: 'evt_1QExample',
                type: 'payment_intent.succeeded',
                data: { object: { id: 'pi_1QExample', object: 'payment_intent' } },
              },
            }),
        },
      },
    },
  },
  responses: {
    200: ok(
      z.object({ received: z.literal(true), duplicate: z.boolean() }).openapi('StripeWebhookAck'),
      'Applied, or acknowledged as a duplicate of an event applied before',
    ),
    400: errorBody,
    404: errorBody,
  },
});

const router = createRouter();
router.openAPIRegistry.registerPath(stripeWebhook);

export const paymentRoutes = router
  .openapi(pay, async (c) =>
    c.json(
      await startPayment({ deps: c.var.deps, userId: c.var.userId, orderId: c.req.valid('param').orderId }),
      200,
    ),
  )
  .openapi(refund, async (c) =>
    c.json(
      await refundOrder({
        deps: c.var.deps,
        userId: c.var.userId,
        orderId: c.req.valid('param').orderId,
        input: c.req.valid('json'),
      }),
      201,
    ),
  )
  .post('/payments/webhook', async (c) => {
    const event = verifyStripeEvent(c.var.deps, await c.req.text(), c.req.header('stripe-signature'));
    const { duplicate } = await applyStripeEvent(c.var.deps, event);
    return c.json({ received: true, duplicate }, 200);
  });
