import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listMyOrganizations,
} from './orgs.service.ts';

const orgSchema = z
  .object({ id: z.string(), name: z.string(), role: z.enum(['OWNER', 'ADMIN', 'STAFF']) })
  .openapi('Organization');

const create = createRoute({
  method: 'post',
  path: '/organizations',
  operationId: 'createOrganization',
  summary: 'Create an organization',
  description: 'Creates a promoter’s organization; the caller becomes its OWNER.',
  tags: ['organizations'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    body: json(z.object({ name: z.string().trim().min(1).max(200) }), { name: 'Night Owl Promotions' }),
  },
  responses: { 201: ok(orgSchema, 'Created; the caller is OWNER'), 400: errorBody, 401: errorBody },
});

const list = createRoute({
  method: 'get',
  path: '/organizations',
  operationId: 'listOrganizations',
  summary: 'List my organizations',
  description: 'Lists the organizations the caller is a member of, with the caller’s role in each.',
  tags: ['organizations'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  responses: {
    200: ok(z.object({ data: z.array(orgSchema) }), 'Organizations the caller belongs to'),
    401: errorBody,
  },
});

const get = createRoute({
  method: 'get',
  path: '/organizations/{orgId}',
  operationId: 'getOrganization',
  summary: 'Get an organization',
  description: 'Returns one organization the caller is a member of.',
  tags: ['organizations'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: z.object({ orgId: z.string() }) },
  responses: { 200: ok(orgSchema, 'The organization'), 404: errorBody },
});

const remove = createRoute({
  method: 'delete',
  path: '/organizations/{orgId}',
  operationId: 'deleteOrganization',
  summary: 'Delete an organization',
  description:
    'Deletes the organization (OWNER only): members are removed and its edge node tokens revoked. Refused while it has events with tickets sold.',
  tags: ['organizations'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: z.object({ orgId: z.string() }) },
  responses: {
    204: { description: 'Deleted (OWNER only): members removed, edge node tokens revoked' },
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

export const orgRoutes = createRouter()
  .openapi(create, async (c) =>
    c.json(
      await createOrganization({ deps: c.var.deps, userId: c.var.userId, input: c.req.valid('json') }),
      201,
    ),
  )
  .openapi(list, async (c) =>
    c.json({ data: await listMyOrganizations({ deps: c.var.deps, userId: c.var.userId }) }, 200),
  )
  .openapi(get, async (c) =>
    c.json(
      await getOrganization({ deps: c.var.deps, userId: c.var.userId, orgId: c.req.valid('param').orgId }),
      200,
    ),
  )
  .openapi(remove, async (c) => {
    await deleteOrganization({ deps: c.var.deps, userId: c.var.userId, orgId: c.req.valid('param').orgId });
    return c.body(null, 204);
  });
