import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { bearerMatches } from '../../shared/bearer.ts';
import type { AppBindings, CloudDeps } from '../context.ts';
import { cloudMetrics } from './metrics.ts';

const PROBE_TIMEOUT_MS = 2000;

function withTimeout<T>(what: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([what, late]).finally(() => clearTimeout(timer));
}

async function probe(check: () => Promise<unknown>): Promise<{ ok: boolean; detail?: string }> {
  try {
    await withTimeout(check(), PROBE_TIMEOUT_MS);
    return { ok: true };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}

/** A connection of its own for each probe: the probe says whether Redis answers, whatever state the app's clients are in. */
async function pingRedis(url: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined); // the failed ping reports it
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

async function readiness(deps: CloudDeps) {
  const [database, redis] = await Promise.all([
    probe(() => deps.db.execute(sql`select 1`)),
    deps.config.redisUrl ? probe(() => pingRedis(deps.config.redisUrl!)) : Promise.resolve(null),
  ]);
  const ready = database.ok && (redis?.ok ?? true);
  return { ready, checks: { database, redis: redis ?? { ok: true, detail: 'not configured' } } };
}

/**
 * GET /healthz: the process answers. GET /readyz: it can serve — the database and (when
 * configured) Redis answer within 2 s; 503 otherwise, for load balancers and compose.
 * GET /metrics: Prometheus text, behind `TIXMO_METRICS_TOKEN` when that is set.
 */
export const opsRoutes = new Hono<AppBindings>()
  .get('/healthz', (c) => c.json({ ok: true }))
  .get('/readyz', async (c) => {
    const answer = await readiness(c.var.deps);
    return c.json(answer, answer.ready ? 200 : 503);
  })
  .get('/metrics', async (c) => {
    const token = c.var.deps.config.metricsToken;
    if (token && !bearerMatches(c.req.header('authorization'), token)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return c.json(
        {
          error: {
            code: 'UNAUTHORIZED',
            message: 'metrics need "Authorization: Bearer <TIXMO_METRICS_TOKEN>"',
            requestId: c.var.requestId ?? '',
          },
        },
        401,
      );
    }
    const { registry } = cloudMetrics(c.var.deps);
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  });
