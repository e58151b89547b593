import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireUser } from '../auth/middleware.ts';
import type { AppBindings } from '../context.ts';
import { bearerAuth, createRouter, errorBody } from '../router.ts';
import {
  type CsvExport,
  type EventExport,
  exportEventCsv,
  exportOrgCsv,
  exportQuerySchema,
  type OrgExport,
} from './exports.service.ts';

const csv = (description: string) => ({
  content: { 'text/csv': { schema: { type: 'string' as const } } },
  description,
});
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

const eventExports: Record<EventExport, string> = {
  orders: 'The event’s orders with buyer, amounts and promo code (OWNER/ADMIN)',
  attendees: 'Every ticket with attendee, holder and check-in state (OWNER/ADMIN)',
  scans: 'Every scan the venue’s gates uploaded for the event, in HLC order (any member)',
  refunds: 'Refunds of the event’s orders (OWNER/ADMIN)',
};
const orgExports: Record<OrgExport, string> = {
  orders: 'Orders of all the organization’s events (OWNER/ADMIN)',
  refunds: 'Refunds of all the organization’s events (OWNER/ADMIN)',
};

function send(c: Context<AppBindings>, file: CsvExport) {
  return c.body(file.body, 200, {
    'content-type': 'text/csv; charset=utf-8; header=present',
    'content-disposition': `attachment; filename="${file.filename}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
}

const title = (s: string) => s[0]!.toUpperCase() + s.slice(1);

let router = createRouter();
for (const [kind, summary] of Object.entries(eventExports) as [EventExport, string][]) {
  const route = createRoute({
    method: 'get',
    path: `/events/{eventId}/exports/${kind}.csv`,
    operationId: `exportEvent${title(kind)}`,
    summary: `CSV: ${summary}`,
    description: `${summary}. Streamed as RFC 4180 CSV in UTF-8; the query narrows it down.`,
    tags: ['exports'],
    middleware: [requireUser] as const,
    security: bearerAuth,
    request: { params: z.object({ eventId: z.string() }), query: exportQuerySchema },
    responses: { 200: csv('RFC 4180, UTF-8, streamed'), ...errors },
  });
  router = router.openapi(route, async (c) =>
    send(
      c,
      await exportEventCsv({
        deps: c.var.deps,
        userId: c.var.userId,
        eventId: c.req.valid('param').eventId,
        kind,
        query: c.req.valid('query'),
      }),
    ),
  ) as typeof router;
}
for (const [kind, summary] of Object.entries(orgExports) as [OrgExport, string][]) {
  const route = createRoute({
    method: 'get',
    path: `/organizations/{orgId}/exports/${kind}.csv`,
    operationId: `exportOrganization${title(kind)}`,
    summary: `CSV: ${summary}`,
    description: `${summary}. Streamed as RFC 4180 CSV in UTF-8; the query narrows it down.`,
    tags: ['exports'],
    middleware: [requireUser] as const,
    security: bearerAuth,
    request: { params: z.object({ orgId: z.string() }), query: exportQuerySchema },
    responses: { 200: csv('RFC 4180, UTF-8, streamed'), ...errors },
  });
  router = router.openapi(route, async (c) =>
    send(
      c,
      await exportOrgCsv({
        deps: c.var.deps,
        userId: c.var.userId,
        orgId: c.req.valid('param').orgId,
        kind,
        query: c.req.valid('query'),
      }),
    ),
  ) as typeof router;
}

export const exportRoutes = router;
