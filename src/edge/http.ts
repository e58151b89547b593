import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { livePage } from './live-page.ts';
import type { EdgeOps } from './ops-routes.ts';

export interface DeviceStatus {
  type: string;
  path: string;
  state: string;
  /** scanner, actuator or passage (absent = scanner, as before). */
  role?: string;
}

export interface LaneStatus {
  id: string;
  direction: string;
  devices: DeviceStatus[];
  /** What a `both` lane does now (entry or exit); the configured direction for the others. */
  activeDirection?: string;
  allowedTiers?: string[];
  entries?: number;
  exits?: number;
  /** Admissions the turnstile has not yet reported a passage for. */
  awaitingPassage?: number;
}

export interface EdgeStatus {
  nodeId: string | null;
  venueId: string | null;
  venue: { name: string; capacity: number } | null;
  manifest: { cursor: string; tickets: number; syncedAt: string | null; lastError: string | null };
  upload: { pending: number; ackedSeq: number; lastSeq: number; lastError: string | null };
  lanes: LaneStatus[];
  events: { id: string; name: string; status: string; inside: number; entries: number; exits: number }[];
  /** Group commit counters: how many journal rows shared how many fsyncs. */
  journal?: { commits: number; rows: number; largestBatch: number };
  /** Gossip links to the venue's other edges (src/sync/peer). */
  peers?: { url: string; nodeId: string | null; reachable: boolean; lastContactAt: string | null }[];
  antiPassback?: { mode: 'soft' | 'hard'; unconfirmed: boolean };
  /** This node's clock minus the cloud's, measured on heartbeat round trips. */
  clock?: { offsetMs: number | null; boundMs: number; skewed: boolean; measuredAt: string | null };
}

/** The edge's local HTTP API and the occupancy page; `routes` adds the handheld and staff API. */
export function createEdgeApp(deps: {
  status: () => EdgeStatus;
  routes?: Hono;
  logger?: Logger;
  ops?: EdgeOps;
}) {
  const app = new Hono<{ Variables: { requestId: string } }>();
  app.use(requestId());
  if (deps.ops) app.use(deps.ops.countRequests);
  app.get('/healthz', (c) => c.json({ ok: true }));
  if (deps.ops) app.route('/', deps.ops.routes);
  app.get('/api/v1/status', (c) => c.json(deps.status()));
  app.get('/', (c) => c.html(livePage));
  if (deps.routes) app.route('/', deps.routes);
  app.onError((err, c) => {
    const id = c.var.requestId ?? '';
    if (err instanceof AppError)
      return c.json({ error: { code: err.code, message: err.message, requestId: id } }, err.status);
    deps.logger?.error('unhandled error', { err, path: c.req.path, requestId: id });
    return c.json({ error: { code: 'INTERNAL', message: 'internal error', requestId: id } }, 500);
  });
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: 'NOT_FOUND',
          message: `no route for ${c.req.method} ${c.req.path}`,
          requestId: c.var.requestId ?? '',
        },
      },
      404,
    ),
  );
  return app;
}
