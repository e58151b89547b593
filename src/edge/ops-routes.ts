import { statfs } from 'node:fs/promises';
import { Hono } from 'hono';
import { bearerMatches } from '../shared/bearer.ts';
import type { EdgeConfig } from './config.ts';
import type { EdgeStatus } from './http.ts';
import type { EdgeMetrics } from './metrics.ts';

/** Below this free space a commit may fail at any moment (WAL frames, checkpoints). */
const MIN_FREE_BYTES = 1024 * 1024;

type OpsRoutes = Hono<{ Variables: { requestId: string } }>;

export interface EdgeOps {
  routes: OpsRoutes;
  countRequests: EdgeMetrics['countRequests'];
}

/**
 * GET /readyz and GET /metrics (GET /healthz, alive, is in http.ts). Ready means the
 * gate can record admissions — the journal is writable (its last commit did not fail,
 * its disk has room) — and knows the tickets: the manifest was synced, not longer ago
 * than `maxManifestAgeSeconds`. An edge that is not ready still decides every scan it
 * can; /readyz is for the people watching it.
 */
export function createEdgeOps(deps: {
  config: Pick<EdgeConfig, 'dataDir' | 'maxManifestAgeSeconds' | 'metricsToken'>;
  status: () => EdgeStatus;
  metrics: EdgeMetrics;
  journalFailure: () => string | null;
  now?: () => number;
}): EdgeOps {
  const now = deps.now ?? Date.now;
  const routes: OpsRoutes = new Hono();
  routes.get('/readyz', async (c) => {
    const journal = await journalCheck(deps.config.dataDir, deps.journalFailure());
    const manifest = manifestCheck(deps.status().manifest.syncedAt, deps.config.maxManifestAgeSeconds, now());
    const ready = journal.ok && manifest.ok;
    return c.json({ ready, checks: { journal, manifest } }, ready ? 200 : 503);
  });
  routes.get('/metrics', async (c) => {
    const token = deps.config.metricsToken;
    if (token && !bearerMatches(c.req.header('authorization'), token)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return c.json(
        {
          error: {
            code: 'UNAUTHORIZED',
            message: 'metrics need "Authorization: Bearer <metricsToken>"',
            requestId: c.var.requestId ?? '',
          },
        },
        401,
      );
    }
    const { contentType, text } = await deps.metrics.render();
    return c.body(text, 200, { 'content-type': contentType });
  });
  return { routes, countRequests: deps.metrics.countRequests };
}

async function journalCheck(dataDir: string, failure: string | null) {
  if (failure) return { ok: false, detail: `the last journal commit failed: ${failure}` };
  try {
    const fs = await statfs(dataDir);
    const free = fs.bavail * fs.bsize;
    if (free < MIN_FREE_BYTES)
      return {
        ok: false,
        detail: `${Math.floor(free / 1024)} KiB free on the data dir's disk`,
        freeBytes: free,
      };
    return { ok: true, freeBytes: free };
  } catch (err) {
    return {
      ok: false,
      detail: `data dir: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    };
  }
}

function manifestCheck(syncedAt: string | null, maxAgeSeconds: number, now: number) {
  if (!syncedAt) return { ok: false, detail: 'never synced with the cloud', ageSeconds: null };
  const ageSeconds = Math.max(0, Math.round((now - Date.parse(syncedAt)) / 1000));
  if (maxAgeSeconds > 0 && ageSeconds > maxAgeSeconds)
    return { ok: false, detail: `last synced ${ageSeconds} s ago (limit ${maxAgeSeconds} s)`, ageSeconds };
  return { ok: true, ageSeconds };
}
