import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { createVenue, deleteVenue, getVenue, listVenues, updateVenue } from './venues.service.ts';

const venueSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    capacity: z.number().int(),
    timezone: z.string(),
    createdAt: z.string(),
  })
  .openapi('Venue');

const timezone = z
  .string()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin')
  .optional();

const create = createRoute({
  method: 'post',
  path: '/organizations/{orgId}/venues',
  operationId: 'createVenue',
  summary: 'Create a venue',
  description: 'Creates a venue of the organization with its capacity, time zone and address.',
  tags: ['venues'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params: z.object({ orgId: z.string() }),
    body: json(
      z.object({
        name: z.string().trim().min(1).max(200),
        capacity: z.number().int().min(1).max(10_000_000),
        timezone,
        address: z.string().trim().min(1).max(500).nullable().optional(),
      }),
      {
        name: 'Harbour Hall',
        capacity: 1800,
        timezone: 'Europe/Berlin',
        address: 'Hafenstraße 1, 20359 Hamburg',
      },
    ),
  },
  responses: { 201: ok(venueSchema, 'Created'), 400: errorBody, 403: errorBody, 404: errorBody },
});

const get = createRoute({
  method: 'get',
  path: '/venues/{venueId}',
  operationId: 'getVenue',
  summary: 'Get a venue',
  description: 'Returns one venue of an organization the caller belongs to.',
  tags: ['venues'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: z.object({ venueId: z.string() }) },
  responses: { 200: ok(venueSchema, 'The venue'), 404: errorBody },
});

const orgParams = z.object({ orgId: z.string() });
const venueParams = z.object({ venueId: z.string() });

const list = createRoute({
  method: 'get',
  path: '/organizations/{orgId}/venues',
  operationId: 'listVenues',
  summary: 'List venues',
  description: 'Lists the organization’s venues.',
  tags: ['venues'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: orgParams },
  responses: {
    200: ok(z.object({ data: z.array(venueSchema) }), 'The organization’s venues'),
    404: errorBody,
  },
});

const update = createRoute({
  method: 'patch',
  path: '/venues/{venueId}',
  operationId: 'updateVenue',
  summary: 'Update a venue',
  description: 'Changes a venue’s name, capacity, time zone or address.',
  tags: ['venues'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params: venueParams,
    body: json(
      z.object({
        name: z.string().trim().min(1).max(200).optional(),
        capacity: z.number().int().min(1).max(10_000_000).optional(),
        timezone: timezone.optional(),
        address: z.string().trim().min(1).max(500).nullable().optional(),
      }),
    ),
  },
  responses: { 200: ok(venueSchema, 'Updated'), 400: errorBody, 403: errorBody, 404: errorBody },
});

const remove = createRoute({
  method: 'delete',
  path: '/venues/{venueId}',
  operationId: 'deleteVenue',
  summary: 'Delete a venue',
  description: 'Deletes a venue that has no events.',
  tags: ['venues'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: venueParams },
  responses: { 204: { description: 'Deleted' }, 403: errorBody, 404: errorBody, 409: errorBody },
});

export const venueRoutes = createRouter()
  .openapi(list, async (c) =>
    c.json(
      {
        data: await listVenues({ deps: c.var.deps, userId: c.var.userId, orgId: c.req.valid('param').orgId }),
      },
      200,
    ),
  )
  .openapi(update, async (c) =>
    c.json(
      await updateVenue({
        deps: c.var.deps,
        userId: c.var.userId,
        venueId: c.req.valid('param').venueId,
        input: c.req.valid('json'),
      }),
      200,
    ),
  )
  .openapi(remove, async (c) => {
    await deleteVenue({ deps: c.var.deps, userId: c.var.userId, venueId: c.req.valid('param').venueId });
    return c.body(null, 204);
  })
  .openapi(create, async (c) =>
    c.json(
      await createVenue({
        deps: c.var.deps,
        userId: c.var.userId,
        orgId: c.req.valid('param').orgId,
        input: c.req.valid('json'),
      }),
      201,
    ),
  )
  .openapi(get, async (c) =>
    c.json(
      await getVenue({ deps: c.var.deps, userId: c.var.userId, venueId: c.req.valid('param').venueId }),
      200,
    ),
  );
