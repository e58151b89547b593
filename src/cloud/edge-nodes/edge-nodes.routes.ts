import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { listEdgeNodes, registerEdgeNode } from './edge-nodes.service.ts';

const params = z.object({ venueId: z.string() });

const register = createRoute({
  method: 'post',
  path: '/venues/{venueId}/edge-nodes',
  tags: ['edge-nodes'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params, body: json(z.object({ name: z.string().trim().min(1).max(200) })) },
  responses: {
    201: ok(
      z.object({ id: z.string(), venueId: z.string(), name: z.string(), token: z.string() }),
      'Registered; the token is shown only in this response',
    ),
    400: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const list = createRoute({
  method: 'get',
  path: '/venues/{venueId}/edge-nodes',
  tags: ['edge-nodes'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params },
  responses: {
    200: ok(
      z.object({
        data: z.array(
          z.object({
            id: z.string(),
            venueId: z.string(),
            name: z.string(),
            ackedSeq: z.number(),
            lastSeenAt: z.string().nullable(),
          }),
        ),
      }),
      'Edge nodes of the venue (tokens are never shown again)',
    ),
    404: errorBody,
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
  );
