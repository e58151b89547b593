import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { addMember, changeMember, listMembers, renameOrganization } from './members.service.ts';

const role = z.enum(['OWNER', 'ADMIN', 'STAFF']);
const memberSchema = z
  .object({ userId: z.string(), email: z.string(), name: z.string(), role })
  .openapi('Member');
const orgParams = z.object({ orgId: z.string() });
const memberParams = z.object({ orgId: z.string(), userId: z.string() });

const rename = createRoute({
  method: 'patch',
  path: '/organizations/{orgId}',
  operationId: 'updateOrganization',
  summary: 'Rename an organization',
  description: 'Changes the organization’s name (OWNER or ADMIN).',
  tags: ['organizations'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: orgParams, body: json(z.object({ name: z.string().trim().min(1).max(200) })) },
  responses: {
    200: ok(z.object({ id: z.string(), name: z.string(), role }), 'Renamed'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const list = createRoute({
  method: 'get',
  path: '/organizations/{orgId}/members',
  operationId: 'listMembers',
  summary: 'List members',
  description: 'Lists the organization’s members and their roles.',
  tags: ['organizations'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: orgParams },
  responses: {
    200: ok(z.object({ data: z.array(memberSchema) }), 'Members and their roles'),
    404: errorBody,
  },
});

const add = createRoute({
  method: 'post',
  path: '/organizations/{orgId}/members',
  operationId: 'addMember',
  summary: 'Add a member',
  description:
    'Adds an existing account, named by email address, to the organization with a role (OWNER or ADMIN).',
  tags: ['organizations'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params: orgParams,
    body: json(z.object({ email: z.email({ message: 'must be an email address' }).max(254), role })),
  },
  responses: {
    201: ok(memberSchema, 'Added'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
    422: errorBody,
  },
});

const update = createRoute({
  method: 'patch',
  path: '/organizations/{orgId}/members/{userId}',
  operationId: 'updateMemberRole',
  summary: 'Change a member’s role',
  description: 'Changes a member’s role; the organization always keeps at least one OWNER.',
  tags: ['organizations'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: memberParams, body: json(z.object({ role })) },
  responses: { 200: ok(memberSchema, 'Role changed'), 403: errorBody, 404: errorBody, 409: errorBody },
});

const remove = createRoute({
  method: 'delete',
  path: '/organizations/{orgId}/members/{userId}',
  operationId: 'removeMember',
  summary: 'Remove a member',
  description:
    'Removes a member from the organization, or lets the caller leave it; the last OWNER cannot go.',
  tags: ['organizations'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: memberParams },
  responses: { 204: { description: 'Removed (or left)' }, 403: errorBody, 404: errorBody, 409: errorBody },
});

export const memberRoutes = createRouter()
  .openapi(rename, async (c) =>
    c.json(
      await renameOrganization({
        deps: c.var.deps,
        userId: c.var.userId,
        orgId: c.req.valid('param').orgId,
        name: c.req.valid('json').name,
      }),
      200,
    ),
  )
  .openapi(list, async (c) =>
    c.json(
      {
        data: await listMembers({
          deps: c.var.deps,
          userId: c.var.userId,
          orgId: c.req.valid('param').orgId,
        }),
      },
      200,
    ),
  )
  .openapi(add, async (c) =>
    c.json(
      await addMember({
        deps: c.var.deps,
        userId: c.var.userId,
        orgId: c.req.valid('param').orgId,
        input: c.req.valid('json'),
      }),
      201,
    ),
  )
  .openapi(update, async (c) => {
    const { orgId, userId: memberId } = c.req.valid('param');
    const member = await changeMember({
      deps: c.var.deps,
      userId: c.var.userId,
      orgId,
      memberId,
      role: c.req.valid('json').role,
    });
    return c.json(member!, 200);
  })
  .openapi(remove, async (c) => {
    const { orgId, userId: memberId } = c.req.valid('param');
    await changeMember({ deps: c.var.deps, userId: c.var.userId, orgId, memberId, role: null });
    return c.body(null, 204);
  });
