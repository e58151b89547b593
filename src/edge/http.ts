import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { inlineHashes, pagePolicy, securityHeaders } from '../shared/security-headers.ts';
import { livePage } from './live-page.ts';

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

// The live page runs only its own inline script and style (by hash) and the Socket.IO
// client this edge serves; nothing may frame it (the staff panel takes the PIN there).
const livePageHeaders = {
  'content-security-policy': pagePolicy({ ...inlineHashes(livePage), styleAttributes: true }),
};

/** The edge's local HTTP API and the occupancy page; `routes` adds the handheld and staff API. */
export function createEdgeApp(deps: {
  status: () => EdgeStatus;
  routes?: Hono;
  logger?: Logger;
  hstsMaxAgeSeconds?: number;
}) {
  const app = new Hono<{ Variables: { requestId: string } }>();
  app.use(requestId());
  app.use(securityHeaders({ hstsMaxAgeSeconds: deps.hstsMaxAgeSeconds ?? 0 }));
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/api/v1/status', (c) => c.json(deps.status()));
  app.get('/', (c) => c.html(livePage, 200, livePageHeaders));
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
