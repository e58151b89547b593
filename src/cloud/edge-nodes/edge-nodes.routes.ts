import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import {
  getEdgeNode,
  listEdgeNodes,
  registerEdgeNode,
  renameEdgeNode,
  revokeEdgeNode,
  rotateEdgeNodeToken,
} from './edge-nodes.service.ts';

const params = z.object({ venueId: z.string() });
const nodeParams = z.object({ nodeId: z.string() });
const name = z.string().trim().min(1).max(200);

const nodeSchema = z
  .object({
    id: z.string(),
    venueId: z.string(),
    name: z.string(),
    ackedSeq: z.number(),
    lastSeenAt: z.string().nullable(),
    heartbeatAt: z.string().nullable(),
    revokedAt: z.string().nullable().describe('when the node was revoked; its token no longer works'),
    createdAt: z.string(),
  })
  .openapi('EdgeNode');
const withToken = z.object({ id: z.string(), venueId: z.string(), name: z.string(), token: z.string() });

const register = createRoute({
  method: 'post',
  path: '/venues/{venueId}/edge-nodes',
  operationId: 'createEdgeNode',
  summary: 'Register an edge node',
  description:
    'Registers a gate computer (edge node) at the venue. Its token is in this answer only: put it in the edge’s config.',
  tags: ['edge-nodes'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params, body: json(z.object({ name }), { name: 'North gate' }) },
  responses: {
    201: ok(withToken, 'Registered; the token is shown only in this response'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const list = createRoute({
  method: 'get',
  path: '/venues/{venueId}/edge-nodes',
  operationId: 'listEdgeNodes',
  summary: 'List edge nodes',
  description: 'Lists the venue’s edge nodes with their last contact; tokens are never shown again.',
  tags: ['edge-nodes'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params },
  responses: {
    200: ok(
      z.object({ data: z.array(nodeSchema) }),
      'Edge nodes of the venue (tokens are never shown again)',
    ),
    404: errorBody,
  },
});

const get = createRoute({
  method: 'get',
  path: '/edge-nodes/{nodeId}',
  operationId: 'getEdgeNode',
  summary: 'Get an edge node',
  description: 'Returns one edge node (never its token).',
  tags: ['edge-nodes'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: nodeParams },
  responses: { 200: ok(nodeSchema, 'The edge node (never its token)'), 401: errorBody, 404: errorBody },
});

const rename = createRoute({
  method: 'patch',
  path: '/edge-nodes/{nodeId}',
  operationId: 'updateEdgeNode',
  summary: 'Rename an edge node',
  description: 'Changes an edge node’s name.',
  tags: ['edge-nodes'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: nodeParams, body: json(z.object({ name })) },
  responses: {
    200: ok(nodeSchema, 'Renamed'),
    400: errorBody,
    401: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const revoke = createRoute({
  method: 'delete',
  path: '/edge-nodes/{nodeId}',
  operationId: 'revokeEdgeNode',
  summary: 'Revoke an edge node',
  description:
    'Revokes the node: its token is refused on every sync route from now on; the scans it uploaded stay.',
  tags: ['edge-nodes'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: nodeParams },
  responses: {
    204: { description: 'Revoked: its token is refused on every sync route from now on (its scans stay)' },
    401: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const rotate = createRoute({
  method: 'post',
  path: '/edge-nodes/{nodeId}/rotate-token',
  operationId: 'rotateEdgeNodeToken',
  summary: 'Rotate an edge node’s token',
  description:
    'Issues a new token for the node, shown only in this answer; the old one stops working at once.',
  tags: ['edge-nodes'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: nodeParams },
  responses: {
    200: ok(withToken, 'A new token, shown only in this response; the old one stops working at once'),
    401: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

export const edgeNodeRoutes = createRouter()
  .openapi(register, async (c) =>
    c.json(
      await registerEdgeNode({
        deps: c.var.deps,
        userId: c.var.userId,
        venueId: c.req.valid('param').venueId,
        input: c.req.valid('json'),
      }),
      201,
    ),
  )
  .openapi(list, async (c) =>
    c.json(
      {
        data: await listEdgeNodes({
          deps: c.var.deps,
          userId: c.var.userId,
          venueId: c.req.valid('param').venueId,
        }),
      },
      200,
    ),
  )
  .openapi(get, async (c) =>
    c.json(
      await getEdgeNode({ deps: c.var.deps, userId: c.var.userId, nodeId: c.req.valid('param').nodeId }),
      200,
    ),
  )
  .openapi(rename, async (c) =>
    c.json(
      await renameEdgeNode({
        deps: c.var.deps,
        userId: c.var.userId,
        nodeId: c.req.valid('param').nodeId,
        name: c.req.valid('json').name,
      }),
      200,
    ),
  )
  .openapi(revoke, async (c) => {
    await revokeEdgeNode({ deps: c.var.deps, userId: c.var.userId, nodeId: c.req.valid('param').nodeId });
    return c.body(null, 204);
  })
  .openapi(rotate, async (c) =>
    c.json(
      await rotateEdgeNodeToken({
        deps: c.var.deps,
        userId: c.var.userId,
        nodeId: c.req.valid('param').nodeId,
      }),
      200,
    ),
  );
