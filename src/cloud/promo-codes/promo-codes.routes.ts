import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { INT4_MAX } from '../input-guard.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { createPromoCode, listPromoCodes, previewPromoCode, updatePromoCode } from './promo-codes.service.ts';

const time = z.iso.datetime({
  offset: true,
  message: 'must be an ISO-8601 date-time such as 2026-12-31T20:00:00Z',
});
const promoSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    code: z.string(),
    kind: z.enum(['PERCENT', 'FIXED']),
    amount: z.number().int(),
    maxUses: z.number().int().nullable(),
    uses: z.number().int(),
    minOrderCents: z.number().int(),
    tierIds: z.array(z.string()),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('PromoCode');
const eventParams = z.object({ eventId: z.string() });
const items = z
  .array(z.object({ tierId: z.string().min(1), quantity: z.number().int().min(1).max(100) }))
  .min(1, 'must hold at least one item')
  .max(20);

const create = createRoute({
  middleware: [requireUser] as const,
  security: bearerAuth,
  tags: ['promo-codes'],
  method: 'post',
  path: '/events/{eventId}/promo-codes',
  operationId: 'createPromoCode',
  summary: 'Create a promo code',
  description:
    'Creates a discount code for an event: a percentage or a fixed amount, with optional limits and tiers.',
  request: {
    params: eventParams,
    body: json(
      z.object({
        code: z
          .string()
          .trim()
          .min(3, 'must be at least 3 characters')
          .max(64)
          .regex(/^[A-Za-z0-9_-]+$/, 'may hold only letters, digits, - and _'),
        kind: z.enum(['PERCENT', 'FIXED']),
        amount: z.number().int().min(1, 'must be at least 1').max(INT4_MAX),
        maxUses: z.number().int().min(1).max(INT4_MAX).nullable().optional(),
        minOrderCents: z.number().int().min(0).max(INT4_MAX).optional(),
        tierIds: z.array(z.string().min(1)).max(100).optional(),
        validFrom: time.nullable().optional(),
        validUntil: time.nullable().optional(),
        active: z.boolean().optional(),
      }),
      { code: 'EARLYBIRD', kind: 'PERCENT', amount: 15, maxUses: 200, validUntil: '2026-11-30T23:59:59Z' },
    ),
  },
  responses: {
    201: ok(promoSchema, 'Created'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

const list = createRoute({
  middleware: [requireUser] as const,
  security: bearerAuth,
  tags: ['promo-codes'],
  method: 'get',
  path: '/events/{eventId}/promo-codes',
  operationId: 'listPromoCodes',
  summary: 'List an event’s promo codes',
  description: 'Lists the event’s promo codes with how often each was used.',
  request: { params: eventParams },
  responses: {
    200: ok(z.object({ data: z.array(promoSchema) }), 'The event’s codes with their use counts'),
    403: errorBody,
    404: errorBody,
  },
});

const update = createRoute({
  middleware: [requireUser] as const,
  security: bearerAuth,
  tags: ['promo-codes'],
  method: 'patch',
  path: '/promo-codes/{promoId}',
  operationId: 'updatePromoCode',
  summary: 'Update a promo code',
  description: 'Changes a promo code’s limits, window or whether it is active.',
  request: {
    params: z.object({ promoId: z.string() }),
    body: json(
      z.object({
        maxUses: z.number().int().min(1).max(INT4_MAX).nullable().optional(),
        minOrderCents: z.number().int().min(0).max(INT4_MAX).optional(),
        validFrom: time.nullable().optional(),
        validUntil: time.nullable().optional(),
        active: z.boolean().optional(),
      }),
    ),
  },
  responses: {
    200: ok(promoSchema, 'Updated'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

const validate = createRoute({
  middleware: [requireUser] as const,
  security: bearerAuth,
  tags: ['promo-codes'],
  method: 'post',
  path: '/promo-codes/validate',
  operationId: 'validatePromoCode',
  summary: 'Check a promo code',
  description:
    'Returns the discount a code gives on these items now, without using it: only an order takes a use.',
  request: {
    body: json(z.object({ eventId: z.string().min(1), code: z.string().trim().min(1).max(64), items })),
  },
  responses: {
    200: ok(
      z.object({
        valid: z.literal(true),
        code: z.string(),
        kind: z.enum(['PERCENT', 'FIXED']),
        amount: z.number().int(),
        subtotalCents: z.number().int(),
        discountCents: z.number().int(),
        totalCents: z.number().int(),
      }),
      'The discount this code gives on these items now (uses are taken only by an order)',
    ),
    400: errorBody,
    404: errorBody,
    409: errorBody,
    422: errorBody,
  },
});

export const promoCodeRoutes = createRouter()
  .openapi(create, async (c) =>
    c.json(
      await createPromoCode({
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
        data: await listPromoCodes({
          deps: c.var.deps,
          userId: c.var.userId,
          eventId: c.req.valid('param').eventId,
        }),
      },
      200,
    ),
  )
  .openapi(update, async (c) =>
    c.json(
      await updatePromoCode({
        deps: c.var.deps,
        userId: c.var.userId,
        promoId: c.req.valid('param').promoId,
        input: c.req.valid('json'),
      }),
      200,
    ),
  )
  .openapi(validate, async (c) =>
    c.json(
      await previewPromoCode({ deps: c.var.deps, userId: c.var.userId, input: c.req.valid('json') }),
      200,
    ),
  );
