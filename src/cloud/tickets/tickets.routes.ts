import { createRoute, z } from '@hono/zod-openapi';
import QRCode from 'qrcode';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import {
  cancelTicket,
  getTicket,
  listMyTickets,
  setAttendee,
  ticketCodeFor,
  transferTicket,
} from './tickets.service.ts';

const ticketSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    eventId: z.string(),
    tierId: z.string(),
    status: z.enum(['VALID', 'CANCELLED', 'REFUNDED']),
    version: z.number().int(),
    code: z.string(),
    attendeeName: z.string().nullable(),
    attendeeEmail: z.string().nullable(),
  })
  .openapi('Ticket');
/** Where the ticket stands at the gates, from the scans its venue's edges uploaded. */
const checkinFields = {
  checkedInAt: z
    .string()
    .nullable()
    .openapi({ description: 'First admission that still stands; null when never used' }),
  lastScanAt: z.string().nullable().openapi({ description: 'Latest entry or exit at a gate' }),
  inside: z.boolean().openapi({ description: 'Inside the venue now (its latest passage was an entry)' }),
};
const params = z.object({ ticketId: z.string() });
const image = (type: string, description: string) => ({
  content: { [type]: { schema: { type: 'string' as const, format: 'binary' } } },
  description,
});

const mine = createRoute({
  method: 'get',
  path: '/me/tickets',
  operationId: 'listMyTickets',
  summary: 'List my tickets',
  description: 'Lists the tickets the caller holds, newest first, with their codes and check-in state.',
  tags: ['tickets'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  responses: {
    200: ok(
      z.object({ data: z.array(ticketSchema.extend(checkinFields)) }),
      'Tickets the caller holds, newest first, with their check-in state',
    ),
    401: errorBody,
  },
});

const get = createRoute({
  method: 'get',
  path: '/tickets/{ticketId}',
  operationId: 'getTicket',
  summary: 'Get a ticket',
  description: 'Returns a ticket with its code and check-in state, to its holder or its organization.',
  tags: ['tickets'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params },
  responses: {
    200: ok(
      ticketSchema.extend({ eventName: z.string(), startsAt: z.string(), ...checkinFields }),
      'The ticket with its code (holder or organization only)',
    ),
    404: errorBody,
  },
});

const qr = (format: 'png' | 'svg') =>
  createRoute({
    method: 'get',
    path: `/tickets/{ticketId}/qr.${format}`,
    operationId: format === 'png' ? 'getTicketQrPng' : 'getTicketQrSvg',
    summary: `Get a ticket’s QR code (${format.toUpperCase()})`,
    description: `The ticket’s code as a QR image in ${format.toUpperCase()}, for its holder or its organization; a revoked ticket has none (409).`,
    tags: ['tickets'],
    middleware: [requireUser] as const,
    security: bearerAuth,
    request: { params },
    responses: {
      200: image(format === 'png' ? 'image/png' : 'image/svg+xml', 'The ticket’s code as a QR image'),
      404: errorBody,
      409: errorBody,
    },
  });

const attendee = createRoute({
  method: 'patch',
  path: '/tickets/{ticketId}',
  operationId: 'updateTicketAttendee',
  summary: 'Set a ticket’s attendee',
  description: 'Sets the name of the person who will use the ticket.',
  tags: ['tickets'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params,
    body: json(
      z.object({
        attendeeName: z.string().trim().min(1).max(200).nullable().optional(),
        attendeeEmail: z.email({ message: 'must be an email address' }).max(254).nullable().optional(),
      }),
    ),
  },
  responses: {
    200: ok(ticketSchema, 'Updated'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

const transfer = createRoute({
  method: 'post',
  path: '/tickets/{ticketId}/transfer',
  operationId: 'transferTicket',
  summary: 'Transfer a ticket',
  description:
    'Gives the ticket to another account by email address: it gets a new code and the old one is revoked at the gates.',
  tags: ['tickets'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params,
    body: json(z.object({ email: z.email({ message: 'must be an email address' }).max(254) }), {
      email: 'grace@example.org',
    }),
  },
  responses: {
    200: ok(
      ticketSchema.omit({ code: true }).extend({ holderEmail: z.string() }),
      'Transferred: the old code is revoked',
    ),
    400: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
    422: errorBody,
  },
});

const cancel = createRoute({
  method: 'post',
  path: '/tickets/{ticketId}/cancel',
  operationId: 'cancelTicket',
  summary: 'Cancel a ticket',
  description: 'Cancels one ticket (organization only): its code is revoked at the gates.',
  tags: ['tickets'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params },
  responses: {
    200: ok(ticketSchema, 'Cancelled by the organization'),
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

export const ticketRoutes = createRouter()
  .openapi(mine, async (c) =>
    c.json({ data: await listMyTickets({ deps: c.var.deps, userId: c.var.userId }) }, 200),
  )
  .openapi(get, async (c) =>
    c.json(
      await getTicket({ deps: c.var.deps, userId: c.var.userId, ticketId: c.req.valid('param').ticketId }),
      200,
    ),
  )
  .openapi(qr('png'), async (c) => {
    const code = await ticketCodeFor({
      deps: c.var.deps,
      userId: c.var.userId,
      ticketId: c.req.valid('param').ticketId,
    });
    const png = await QRCode.toBuffer(code, {
      type: 'png',
      errorCorrectionLevel: 'M',
      margin: 2,
      width: 360,
    });
    return c.body(new Uint8Array(png), 200, {
      'content-type': 'image/png',
      'cache-control': 'private, no-store',
    });
  })
  .openapi(qr('svg'), async (c) => {
    const code = await ticketCodeFor({
      deps: c.var.deps,
      userId: c.var.userId,
      ticketId: c.req.valid('param').ticketId,
    });
    const svg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return c.body(svg, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'private, no-store' });
  })
  .openapi(attendee, async (c) =>
    c.json(
      await setAttendee({
        deps: c.var.deps,
        userId: c.var.userId,
        ticketId: c.req.valid('param').ticketId,
        input: c.req.valid('json'),
      }),
      200,
    ),
  )
  .openapi(transfer, async (c) =>
    c.json(
      await transferTicket({
        deps: c.var.deps,
        userId: c.var.userId,
        ticketId: c.req.valid('param').ticketId,
        email: c.req.valid('json').email,
      }),
      200,
    ),
  )
  .openapi(cancel, async (c) =>
    c.json(
      await cancelTicket({ deps: c.var.deps, userId: c.var.userId, ticketId: c.req.valid('param').ticketId }),
      200,
    ),
  );
