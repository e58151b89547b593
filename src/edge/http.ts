import { Hono } from 'hono';
import { livePage } from './live-page.ts';

export interface EdgeStatus {
  nodeId: string | null;
  venueId: string | null;
  venue: { name: string; capacity: number } | null;
  manifest: { cursor: string; tickets: number; syncedAt: string | null; lastError: string | null };
  upload: { pending: number; ackedSeq: number; lastSeq: number; lastError: string | null };
  lanes: { id: string; direction: string; devices: { type: string; path: string; state: string }[] }[];
  events: { id: string; name: string; status: string; inside: number; entries: number; exits: number }[];
  /** Gossip links to the venue's other edges (src/sync/peer). */
  peers?: { url: string; nodeId: string | null; reachable: boolean; lastContactAt: string | null }[];
  antiPassback?: { mode: 'soft' | 'hard'; unconfirmed: boolean };
  /** This node's clock minus the cloud's, measured on heartbeat round trips. */
  clock?: { offsetMs: number | null; boundMs: number; skewed: boolean; measuredAt: string | null };
}

/** The edge's local HTTP API and the occupancy page. */
export function createEdgeApp(deps: { status: () => EdgeStatus }) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/api/v1/status', (c) => c.json(deps.status()));
  app.get('/', (c) => c.html(livePage));
  app.notFound((c) =>
    c.json(
      { error: { code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}`, requestId: '' } },
      404,
    ),
  );
  return app;
}
