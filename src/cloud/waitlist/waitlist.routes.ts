import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { joinWaitlist, leaveWaitlist, listMyWaitlist } from './waitlist.service.ts';

const entrySchema = z
  .object({
    id: z.string(),
    tierId: z.string(),
    quantity: z.number().int(),
    status: z.enum(['WAITING', 'OFFERED', 'LEFT']),
    position: z.number().int().nullable().openapi({ description: '1 = next in line; null once offered' }),
    offer: z
      .object({
        orderId: z.string(),
        status: z.enum(['PENDING', 'CONFIRMED', 'EXPIRED', 'CANCELLED']),
        expiresAt: z.string().nullable(),
      })
      .nullable()
      .openapi({
        description: 'A held order made for you: pay it before expiresAt or it passes to the next',
      }),
  })
  .openapi('WaitlistEntry');

const join = createRoute({
  method: 'post',
  path: '/tiers/{tierId}/waitlist',
  operationId: 'joinWaitlist',
  summary: 'Join a tier’s waitlist',
  description:
    'Puts the caller on a sold-out tier’s waitlist; when tickets come back, the first in line gets an offer.',
  tags: ['waitlist'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params: z.object({ tierId: z.string() }),
    body: json(z.object({ quantity: z.number().int().min(1).max(100).default(1) })),
  },
  responses: { 201: ok(entrySchema, 'On the waitlist'), 400: errorBody, 404: errorBody, 409: errorBody },
});

const mine = createRoute({
  method: 'get',
  path: '/me/waitlist',
  operationId: 'listMyWaitlists',
  summary: 'List my waitlist entries',
  description: 'Lists the waitlists the caller is on, with any open offer.',
  tags: ['waitlist'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  responses: { 200: ok(z.object({ data: z.array(entrySchema) }), 'Waitlists the caller is on') },
});

const leave = createRoute({
  method: 'delete',
  path: '/waitlist/{entryId}',
  operationId: 'leaveWaitlist',
  summary: 'Leave a waitlist',
  description: 'Removes the caller’s entry; an open offer passes to the next in line.',
  tags: ['waitlist'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: z.object({ entryId: z.string() }) },
  responses: { 204: { description: 'Left; an open offer passes to the next in line' }, 404: errorBody },
});

export const waitlistRoutes = createRouter()
  .openapi(join, async (c) =>
    c.json(
      await joinWaitlist({
        deps: c.var.deps,
        userId: c.var.userId,
        tierId: c.req.valid('param').tierId,
        quantity: c.req.valid('json').quantity,
      }),
      201,
    ),
  )
  .openapi(mine, async (c) =>
    c.json({ data: await listMyWaitlist({ deps: c.var.deps, userId: c.var.userId }) }, 200),
  )
  .openapi(leave, async (c) => {
    await leaveWaitlist({ deps: c.var.deps, userId: c.var.userId, entryId: c.req.valid('param').entryId });
    return c.body(null, 204);
  });
