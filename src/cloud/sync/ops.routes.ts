import { createRoute, z } from '@hono/zod-openapi';
import { reconciliationSchema, syncStatusSchema } from '../../sync/reconcile.ts';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, named, ok } from '../router.ts';
import { getEventReconciliation, getVenueSyncStatus } from './reconcile.service.ts';

const status = createRoute({
  method: 'get',
  path: '/venues/{venueId}/sync-status',
  operationId: 'getSyncStatus',
  summary: 'Get a venue’s sync status',
  description:
    'Per edge node: manifest cursor and age, upload backlog, last ack, clock offset and peers, as each last reported (`tixmo sync status`).',
  tags: ['sync'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: z.object({ venueId: z.string() }) },
  responses: {
    200: ok(named(syncStatusSchema, 'SyncStatus'), 'Each edge node’s sync state as it last reported it'),
    401: errorBody,
    404: errorBody,
  },
});

const reconcile = createRoute({
  method: 'get',
  path: '/events/{eventId}/reconciliation',
  operationId: 'getReconciliation',
  summary: 'Reconcile an event’s scans',
  description:
    'Merges every node’s scans: totals per node and lane, conflicts (double admissions, admissions after refund or cancel, manual overrides) and lagging nodes (`tixmo sync reconcile`).',
  tags: ['sync'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: z.object({ eventId: z.string() }) },
  responses: {
    200: ok(
      named(reconciliationSchema, 'Reconciliation'),
      'Merged scans: totals per node and lane, conflicts, lagging nodes',
    ),
    401: errorBody,
    404: errorBody,
  },
});

/** Ops views over the sync state, for the organization's members. */
export const syncOpsRoutes = createRouter()
  .openapi(status, async (c) =>
    c.json(
      await getVenueSyncStatus({
        deps: c.var.deps,
        userId: c.var.userId,
        venueId: c.req.valid('param').venueId,
      }),
      200,
    ),
  )
  .openapi(reconcile, async (c) =>
    c.json(
      await getEventReconciliation({
        deps: c.var.deps,
        userId: c.var.userId,
        eventId: c.req.valid('param').eventId,
      }),
      200,
    ),
  );
