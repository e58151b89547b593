import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, ok } from '../router.ts';
import { customersQuerySchema, getCustomers } from './customers.service.ts';
import { dashboardQuerySchema, getDashboard } from './dashboard.service.ts';
import { doorQuerySchema, getDoorStats } from './door.service.ts';
import { rangeQuerySchema } from './range.ts';
import { getEventSales, getOrgSales } from './sales.service.ts';
import { bucketSchema, moneyFiguresSchema } from './sales-figures.ts';

const orgParams = z.object({ orgId: z.string() });
const eventParams = z.object({ eventId: z.string() });
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const rangeView = {
  from: z.string(),
  to: z.string(),
  interval: z.enum(['hour', 'day', 'week']),
  timezone: z.string(),
  totals: z.array(moneyFiguresSchema),
  buckets: z.array(bucketSchema),
};

const orgSales = createRoute({
  method: 'get',
  path: '/organizations/{orgId}/analytics/sales',
  operationId: 'getOrganizationSales',
  summary: 'Sales of all the organization’s events per hour, day or week (OWNER/ADMIN)',
  description:
    'Revenue, orders and tickets of every event of the organization, bucketed per hour, day or week in the venue’s time zone, over a date range.',
  tags: ['analytics'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: orgParams, query: rangeQuerySchema },
  responses: {
    200: ok(z.object({ orgId: z.string(), ...rangeView }), 'Per currency, never summed across'),
    ...errors,
  },
});

const eventSales = createRoute({
  method: 'get',
  path: '/events/{eventId}/analytics/sales',
  operationId: 'getEventSales',
  summary: 'An event’s sales per bucket, by tier and by promo code (OWNER/ADMIN)',
  description:
    'Revenue, orders and tickets of one event per bucket, with a breakdown by tier and by promo code.',
  tags: ['analytics'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: eventParams, query: rangeQuerySchema },
  responses: {
    200: ok(
      z.object({
        eventId: z.string(),
        ...rangeView,
        byTier: z.array(
          z.object({
            tierId: z.string(),
            name: z.string(),
            currency: z.string(),
            orders: z.number().int(),
            tickets: z.number().int(),
            grossCents: z.number().int(),
          }),
        ),
        byPromoCode: z.array(
          z.object({
            promoCodeId: z.string(),
            code: z.string(),
            currency: z.string().nullable(),
            uses: z.number().int(),
            discountCents: z.number().int(),
            revenueCents: z.number().int(),
          }),
        ),
      }),
      'Per currency, never summed across',
    ),
    ...errors,
  },
});

const customers = createRoute({
  method: 'get',
  path: '/organizations/{orgId}/analytics/customers',
  operationId: 'getOrganizationCustomers',
  summary: 'New and returning buyers, top buyers, buyers per event (OWNER/ADMIN: personal data)',
  description:
    'Who buys: new and returning buyers, the top buyers and buyers per event. Holds personal data, so only OWNER and ADMIN may read it.',
  tags: ['analytics'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: orgParams, query: customersQuerySchema },
  responses: {
    200: ok(
      z.object({
        orgId: z.string(),
        from: z.string(),
        to: z.string(),
        buyers: z.number().int(),
        newBuyers: z.number().int(),
        returningBuyers: z.number().int(),
        topBuyers: z.array(
          z.object({
            userId: z.string(),
            name: z.string().nullable(),
            email: z.string().nullable(),
            currency: z.string(),
            orders: z.number().int(),
            tickets: z.number().int(),
            spentCents: z.number().int(),
          }),
        ),
        buyersPerEvent: z.array(
          z.object({
            eventId: z.string(),
            name: z.string(),
            buyers: z.number().int(),
            orders: z.number().int(),
          }),
        ),
      }),
      'Buyers of confirmed orders in the range',
    ),
    ...errors,
  },
});

const eventFigures = z.object({
  eventId: z.string(),
  name: z.string(),
  status: z.string(),
  startsAt: z.string(),
  capacity: z.number().int(),
  ticketsOnSale: z.number().int(),
  sold: z.number().int(),
  held: z.number().int(),
  soldPercent: z.number(),
});

const dashboard = createRoute({
  method: 'get',
  path: '/organizations/{orgId}/analytics/dashboard',
  operationId: 'getOrganizationDashboard',
  summary: 'Sales today / 7 / 30 days, upcoming events against capacity, top events (OWNER/ADMIN)',
  description:
    'The promoter’s overview: sales today and over 7 and 30 days, upcoming events against their capacity and the best-selling events.',
  tags: ['analytics'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: orgParams, query: dashboardQuerySchema },
  responses: {
    200: ok(
      z.object({
        orgId: z.string(),
        timezone: z.string(),
        asOf: z.string(),
        sales: z.object({
          today: z.array(moneyFiguresSchema),
          last7Days: z.array(moneyFiguresSchema),
          last30Days: z.array(moneyFiguresSchema),
        }),
        upcomingEvents: z.array(eventFigures),
        topEvents: z.array(eventFigures),
      }),
      'The organization at a glance',
    ),
    ...errors,
  },
});

const counts = {
  sold: z.number().int(),
  held: z.number().int(),
  refunded: z.number().int(),
  cancelled: z.number().int(),
  checkedIn: z.number().int(),
};

const door = createRoute({
  method: 'get',
  path: '/events/{eventId}/analytics/door',
  operationId: 'getEventDoorStats',
  summary:
    'Tickets by state, check-in rate, occupancy and peak, entry timeline, gates and lanes (any member)',
  description:
    'How the doors went: tickets by state, check-in rate, occupancy and its peak, the entry timeline and each gate and lane, from the scans the edges uploaded.',
  tags: ['analytics'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: eventParams, query: doorQuerySchema },
  responses: {
    200: ok(
      z.object({
        eventId: z.string(),
        timezone: z.string(),
        capacity: z.number().int(),
        tiers: z.array(
          z.object({ tierId: z.string(), name: z.string(), quantity: z.number().int(), ...counts }),
        ),
        totals: z.object({
          quantity: z.number().int(),
          ...counts,
          checkInRate: z.number(),
          entries: z.number().int(),
          exits: z.number().int(),
          inside: z.number().int(),
          capacityPercent: z.number(),
        }),
        peak: z.object({ inside: z.number().int(), at: z.string() }).nullable(),
        timeline: z.object({
          intervalMinutes: z.number().int(),
          buckets: z.array(
            z.object({
              start: z.string(),
              local: z.string(),
              entries: z.number().int(),
              exits: z.number().int(),
            }),
          ),
        }),
        gates: z.array(
          z.object({
            nodeId: z.string(),
            name: z.string(),
            heartbeatAt: z.string().nullable(),
            lanes: z.array(
              z.object({
                laneId: z.string(),
                direction: z.string().nullable(),
                scans: z.number().int(),
                admits: z.number().int(),
                rejects: z.number().int(),
                rejectsByReason: z.record(z.string(), z.number().int()),
                manual: z.number().int(),
                annulled: z.number().int(),
                lastScanAt: z.string().nullable(),
                devices: z.array(
                  z.object({
                    type: z.string(),
                    path: z.string(),
                    state: z.string(),
                    role: z.string().optional(),
                  }),
                ),
              }),
            ),
          }),
        ),
      }),
      'The door in numbers, from the scans the venue’s edges uploaded',
    ),
    ...errors,
  },
});

export const insightRoutes = createRouter()
  .openapi(orgSales, async (c) =>
    c.json(
      await getOrgSales({
        deps: c.var.deps,
        userId: c.var.userId,
        orgId: c.req.valid('param').orgId,
        query: c.req.valid('query'),
      }),
      200,
    ),
  )
  .openapi(eventSales, async (c) =>
    c.json(
      await getEventSales({
        deps: c.var.deps,
        userId: c.var.userId,
        eventId: c.req.valid('param').eventId,
        query: c.req.valid('query'),
      }),
      200,
    ),
  )
  .openapi(customers, async (c) =>
    c.json(
      await getCustomers({
        deps: c.var.deps,
        userId: c.var.userId,
        orgId: c.req.valid('param').orgId,
        query: c.req.valid('query'),
      }),
      200,
    ),
  )
  .openapi(dashboard, async (c) =>
    c.json(
      await getDashboard({
        deps: c.var.deps,
        userId: c.var.userId,
        orgId: c.req.valid('param').orgId,
        query: c.req.valid('query'),
      }),
      200,
    ),
  )
  .openapi(door, async (c) =>
    c.json(
      await getDoorStats({
        deps: c.var.deps,
        userId: c.var.userId,
        eventId: c.req.valid('param').eventId,
        query: c.req.valid('query'),
      }),
      200,
    ),
  );
