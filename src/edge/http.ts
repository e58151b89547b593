import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { inlineHashes, pagePolicy, securityHeaders } from '../shared/security-headers.ts';
import type { VenueClockStatus } from '../sync/edge/venue-clock.ts';
import { isStorageError, type StorageReport } from './journal-health.ts';
import { favicon, livePage, staffPage } from './live-page.ts';
import type { EdgeOps } from './ops-routes.ts';
import type { RebuildStatus } from './rebuild.ts';

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
  manifest: {
    cursor: string;
    tickets: number;
    syncedAt: string | null;
    lastError: string | null;
    /** Since the last sync, on the venue's (corrected) clock. */
    ageSeconds?: number | null;
  };
  upload: {
    pending: number;
    ackedSeq: number;
    lastSeq: number;
    lastError: string | null;
    /** This data dir's journal life (null: begun before incarnations existed). */
    incarnation?: string | null;
  };
  /** A fresh journal learning who is inside from the cloud and the peers (src/edge/rebuild.ts). */
  rebuild?: RebuildStatus;
  lanes: LaneStatus[];
  events: { id: string; name: string; status: string; inside: number; entries: number; exits: number }[];
  /** Group commit counters: how many journal rows shared how many fsyncs. */
  journal?: { commits: number; rows: number; largestBatch: number };
  /** Gossip links to the venue's other edges (src/sync/peer). */
  peers?: {
    url: string;
    nodeId: string | null;
    reachable: boolean;
    /** Reachable and held gap-free up to the seq the peer announced (hard anti-passback admits only then). */
    confirmed?: boolean;
    behind?: number;
    lastContactAt: string | null;
  }[];
  antiPassback?: { mode: 'soft' | 'hard'; unconfirmed: boolean };
  /** Whether the journal can be written; while not, every read is refused with reason `storage`. */
  storage?: StorageReport;
  /**
   * Set while the cloud refuses this node's token (revoked, or replaced by a rotation):
   * the gate keeps deciding from its manifest and keeps its scans until a new token is set.
   */
  cloudRefused?: { reason: string; since: string } | null;
  /** This node's clock minus the cloud's, measured on heartbeat round trips, and the correction every time rule applies. */
  clock?: VenueClockStatus;
}

/** Largest request body any edge route takes (a scan or a staff note is well under 1 KiB). */
export const maxEdgeBodyBytes = 64 * 1024;
// The live page runs only its own inline script and style (by hash) and the Socket.IO
// client this edge serves; nothing may frame it (the staff panel takes the PIN there).
const pageHeaders = (html: string) => ({
  'content-security-policy': pagePolicy({ ...inlineHashes(html), styleAttributes: true }),
});
const livePageHeaders = pageHeaders(livePage);
const staffPageHeaders = pageHeaders(staffPage);

/** The edge's local HTTP API and the occupancy page; `routes` adds the handheld and staff API. */
export function createEdgeApp(deps: {
  status: () => EdgeStatus;
  routes?: Hono;
  logger?: Logger;
  hstsMaxAgeSeconds?: number;
  ops?: EdgeOps;
}) {
  const app = new Hono<{ Variables: { requestId: string } }>();
  app.use(requestId());
  app.use(securityHeaders({ hstsMaxAgeSeconds: deps.hstsMaxAgeSeconds ?? 0 }));
  // Counted while the body streams in (a declared length is refused before reading), so an
  // endless upload costs the gate at most this much memory. The rest of such a body is
  // read and dropped for at most 500 ms / 64 MiB, then the connection is cut
  // (@hono/node-server): closing at once would reset it before the client read its 413.
  app.use(
    bodyLimit({
      maxSize: maxEdgeBodyBytes,
      onError: (c) => {
        const message = `the request body is larger than ${maxEdgeBodyBytes / 1024} KiB`;
        return c.json(
          { error: { code: 'PAYLOAD_TOO_LARGE', message, requestId: c.var.requestId ?? '' } },
          413,
        );
      },
    }),
  );
  if (deps.ops) app.use(deps.ops.countRequests);
  app.get('/healthz', (c) => c.json({ ok: true }));
  if (deps.ops) app.route('/', deps.ops.routes);
  app.get('/api/v1/status', (c) => c.json(deps.status()));
  // Two pages, not one with a hidden panel: a wall screen's page has no PIN box to find.
  app.get('/', (c) =>
    new URL(c.req.url).searchParams.has('staff')
      ? c.html(staffPage, 200, staffPageHeaders)
      : c.html(livePage, 200, livePageHeaders),
  );
  app.get('/favicon.svg', (c) =>
    c.body(favicon, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }),
  );
  if (deps.routes) app.route('/', deps.routes);
  app.onError((err, c) => {
    const id = c.var.requestId ?? '';
    if (err instanceof AppError)
      return c.json({ error: { code: err.code, message: err.message, requestId: id } }, err.status);
    if (isStorageError(err)) {
      // The disk, not the request: a 503 saying so (never a bare 500), and status shows the journal failing.
      deps.logger?.error('storage error', { err, path: c.req.path, requestId: id });
      const message = `the edge's database cannot be used (${(err as Error).message}); nothing was recorded`;
      return c.json({ error: { code: 'UNAVAILABLE', message, requestId: id } }, 503);
    }
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
