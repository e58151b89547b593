import { createRoute } from '@hono/zod-openapi';
import {
  manifestPageSchema,
  manifestQuerySchema,
  scanAckSchema,
  scanBatchSchema,
} from '../../sync/protocol.ts';
import { requireNode } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { readManifestPage } from './manifest.service.ts';
import { ingestScans } from './scans.service.ts';

const manifest = createRoute({
  method: 'get',
  path: '/sync/manifest',
  tags: ['sync'],
  middleware: [requireNode] as const,
  security: bearerAuth,
  request: { query: manifestQuerySchema },
  responses: { 200: ok(manifestPageSchema, 'A page of the venue manifest'), 400: errorBody, 401: errorBody },
});

const upload = createRoute({
  method: 'post',
  path: '/sync/scans',
  tags: ['sync'],
  middleware: [requireNode] as const,
  security: bearerAuth,
  request: { body: json(scanBatchSchema) },
  responses: {
    200: ok(scanAckSchema, 'Highest seq stored for this node'),
    400: errorBody,
    401: errorBody,
    403: errorBody,
  },
});

export const syncRoutes = createRouter()
  .openapi(manifest, async (c) => {
    const { cursor, limit } = c.req.valid('query');
    return c.json(await readManifestPage({ deps: c.var.deps, node: c.var.node, cursor, limit }), 200);
  })
  .openapi(upload, async (c) =>
    c.json(await ingestScans({ deps: c.var.deps, node: c.var.node, batch: c.req.valid('json') }), 200),
  );
