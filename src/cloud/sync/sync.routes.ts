import { createRoute } from '@hono/zod-openapi';
import {
  heartbeatAckSchema,
  heartbeatSchema,
  manifestPageSchema,
  manifestQuerySchema,
  manifestWaitQuerySchema,
  manifestWaitSchema,
  scanAckSchema,
  scanBatchSchema,
  venueAdmissionsPageSchema,
  venueAdmissionsQuerySchema,
} from '../../sync/protocol.ts';
import { cloudMetrics } from '../ops/metrics.ts';
import { createRouter, errorBody, json, named, nodeAuth, ok } from '../router.ts';
import { readVenueAdmissions } from './admissions.service.ts';
import { recordHeartbeat } from './edge-state.service.ts';
import { readManifestPage } from './manifest.service.ts';
import { waitForManifestChange } from './manifest-wait.ts';
import { requireNodeWithinBudget } from './node-budget.ts';
import { ingestScans } from './scans.service.ts';

const manifest = createRoute({
  method: 'get',
  path: '/sync/manifest',
  operationId: 'pullManifest',
  summary: 'Pull the gate manifest',
  description:
    'Edge nodes page through their venue’s manifest (tickets, revocations, signing keys, gate rules) from a cursor.',
  tags: ['sync'],
  middleware: [requireNodeWithinBudget('manifest')] as const,
  security: nodeAuth,
  request: { query: manifestQuerySchema },
  responses: {
    200: ok(named(manifestPageSchema, 'ManifestPage'), 'A page of the venue manifest'),
    400: errorBody,
    401: errorBody,
    429: errorBody,
  },
});

const upload = createRoute({
  method: 'post',
  path: '/sync/scans',
  operationId: 'uploadScans',
  summary: 'Upload scans',
  description:
    'Edge nodes upload their journal of scans; the answer is the highest sequence number stored for the node, so a retry is exactly-once.',
  tags: ['sync'],
  middleware: [requireNodeWithinBudget('upload')] as const,
  security: nodeAuth,
  request: { body: json(scanBatchSchema) },
  responses: {
    200: ok(named(scanAckSchema, 'ScanAck'), 'Highest seq stored for this node'),
    400: errorBody,
    401: errorBody,
    403: errorBody,
    429: errorBody,
  },
});

const wait = createRoute({
  method: 'get',
  path: '/sync/wait',
  operationId: 'waitForManifest',
  summary: 'Wait for a manifest change',
  description:
    'Long-poll: answers as soon as the manifest changes after the cursor, or when the timeout passes.',
  tags: ['sync'],
  middleware: [requireNodeWithinBudget('wait')] as const,
  security: nodeAuth,
  request: { query: manifestWaitQuerySchema },
  responses: {
    200: ok(
      named(manifestWaitSchema, 'ManifestWait'),
      'Whether the manifest changed after the cursor (long-poll)',
    ),
    400: errorBody,
    401: errorBody,
    429: errorBody,
  },
});

const heartbeat = createRoute({
  method: 'post',
  path: '/sync/heartbeat',
  operationId: 'sendHeartbeat',
  summary: 'Send a node heartbeat',
  description: 'Edge nodes report their health and sync state; the answer holds the cloud’s clock.',
  tags: ['sync'],
  middleware: [requireNodeWithinBudget('heartbeat')] as const,
  security: nodeAuth,
  request: { body: json(heartbeatSchema) },
  responses: {
    200: ok(named(heartbeatAckSchema, 'HeartbeatAck'), 'The cloud’s clock'),
    400: errorBody,
    401: errorBody,
    429: errorBody,
  },
});

const admissions = createRoute({
  method: 'get',
  path: '/sync/admissions',
  operationId: 'listVenueAdmissions',
  summary: 'List the venue’s admissions',
  description:
    'Admissions that the venue’s nodes uploaded for its current events, for a node rebuilding who is inside.',
  tags: ['sync'],
  // A rebuild pages through the venue's admissions like a manifest pull: same budget.
  middleware: [requireNodeWithinBudget('manifest')] as const,
  security: nodeAuth,
  request: { query: venueAdmissionsQuerySchema },
  responses: {
    200: ok(
      named(venueAdmissionsPageSchema, 'VenueAdmissionsPage'),
      'Admissions the venue’s nodes uploaded for its current events (all journal lives), for a node rebuilding who is inside',
    ),
    400: errorBody,
    401: errorBody,
  },
});

export const syncRoutes = createRouter()
  .openapi(manifest, async (c) => {
    const { cursor, limit } = c.req.valid('query');
    return c.json(await readManifestPage({ deps: c.var.deps, node: c.var.node, cursor, limit }), 200);
  })
  .openapi(upload, async (c) => {
    const batch = c.req.valid('json');
    const ack = await ingestScans({ deps: c.var.deps, node: c.var.node, batch });
    cloudMetrics(c.var.deps).scansIngested(batch, ack);
    return c.json(ack, 200);
  })
  .openapi(admissions, async (c) => {
    const { cursor, limit } = c.req.valid('query');
    return c.json(await readVenueAdmissions({ deps: c.var.deps, node: c.var.node, cursor, limit }), 200);
  })
  .openapi(wait, async (c) => {
    const { cursor, timeoutMs } = c.req.valid('query');
    const answer = await waitForManifestChange({
      deps: c.var.deps,
      node: c.var.node,
      cursor,
      timeoutMs,
      signal: c.req.raw.signal,
    });
    return c.json(answer, 200);
  })
  .openapi(heartbeat, async (c) =>
    c.json(
      await recordHeartbeat({ deps: c.var.deps, node: c.var.node, heartbeat: c.req.valid('json') }),
      200,
    ),
  );
