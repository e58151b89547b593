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

const refundSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  amountCents: z.number().int(),
  ticketIds: z.array(z.string()),
  provider: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});

const refund = createRoute({
  method: 'post',
  path: '/orders/{orderId}/refunds',
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

export const paymentRoutes = createRouter()
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
  // Stripe signs the exact bytes it sent, so the body is read raw, not parsed by a schema.
  .post('/payments/webhook', async (c) => {
    const event = verifyStripeEvent(c.var.deps, await c.req.text(), c.req.header('stripe-signature'));
    const { duplicate } = await applyStripeEvent(c.var.deps, event);
    return c.json({ received: true, duplicate }, 200);
  });
