import { createRoute, z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import { requireUser } from '../auth/middleware.ts';
import { tickets } from '../db/schema.ts';
import { bearerAuth, createRouter, errorBody, ok } from '../router.ts';

const ticketSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  eventId: z.string(),
  tierId: z.string(),
  status: z.enum(['VALID', 'CANCELLED', 'REFUNDED']),
  code: z.string(),
});

const mine = createRoute({
  method: 'get',
  path: '/me/tickets',
  tags: ['tickets'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  responses: {
    200: ok(z.object({ data: z.array(ticketSchema) }), 'Tickets the caller holds, newest first'),
    401: errorBody,
  },
});

export const ticketRoutes = createRouter().openapi(mine, async (c) => {
  const rows = await c.var.deps.db
    .select({
      id: tickets.id,
      orderId: tickets.orderId,
      eventId: tickets.eventId,
      tierId: tickets.tierId,
      status: tickets.status,
      code: tickets.code,
    })
    .from(tickets)
    .where(eq(tickets.holderId, c.var.userId))
    .orderBy(desc(tickets.id));
  return c.json({ data: rows }, 200);
});
