import { isNull } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ScanAck, ScanBatch } from '../../sync/protocol.ts';
import type { AppBindings, CloudDeps } from '../context.ts';
import { edgeNodes } from '../db/schema.ts';

/**
 * The cloud's Prometheus metrics (GET /metrics): requests by route pattern (never the
 * raw path, which would make a series per id), orders placed, gate decisions uploaded
 * by the edges, and each edge's upload backlog and peers as it last reported them. One
 * registry per cloud (several run in one test process), found from its deps.
 */
export class CloudMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly duration: Histogram<'method' | 'route'>;
  readonly orders: Counter<'status'>;
  readonly decisions: Counter<'decision' | 'reason'>;

  constructor(deps: CloudDeps) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'tixmo_http_requests_total',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'tixmo_http_request_duration_seconds',
      help: 'HTTP request duration by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    this.orders = new Counter({
      name: 'tixmo_orders_placed_total',
      help: 'Orders placed, by their status when placed (CONFIRMED when free, else PENDING)',
      labelNames: ['status'],
      registers,
    });
    this.decisions = new Counter({
      name: 'tixmo_scans_ingested_total',
      help: 'Gate decisions uploaded by the edges (each stored once), by decision and reason',
      labelNames: ['decision', 'reason'],
      registers,
    });
    const nodes = () =>
      deps.db
        .select({ id: edgeNodes.id, ackedSeq: edgeNodes.ackedSeq, state: edgeNodes.state })
        .from(edgeNodes)
        .where(isNull(edgeNodes.revokedAt));
    new Gauge({
      name: 'tixmo_edge_upload_backlog',
      help: 'Journal rows an edge holds that the cloud has not stored yet (as of its last heartbeat)',
      labelNames: ['node'],
      registers,
      async collect() {
        this.reset();
        for (const node of await nodes()) {
          const lastSeq = (node.state as { upload?: { lastSeq?: number } } | null)?.upload?.lastSeq;
          if (typeof lastSeq === 'number') this.set({ node: node.id }, Math.max(0, lastSeq - node.ackedSeq));
        }
      },
    });
    new Gauge({
      name: 'tixmo_edge_peers',
      help: 'Peer edges each edge can reach or not (as of its last heartbeat)',
      labelNames: ['node', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const node of await nodes()) {
          const peers = (node.state as { peers?: { reachable?: boolean }[] } | null)?.peers;
          if (!Array.isArray(peers)) continue;
          const reachable = peers.filter((p) => p.reachable).length;
          this.set({ node: node.id, state: 'reachable' }, reachable);
          this.set({ node: node.id, state: 'unreachable' }, peers.length - reachable);
        }
      },
    });
  }

  /** The decisions a batch added: the gap-free run the ack ends with (the rest were stored before). */
  scansIngested(batch: ScanBatch, ack: ScanAck): void {
    for (const scan of batch.scans)
      if (scan.seq > ack.ackedSeq - ack.accepted && scan.seq <= ack.ackedSeq)
        this.decisions.inc({ decision: scan.decision, reason: scan.reason });
  }
}

const byDeps = new WeakMap<CloudDeps, CloudMetrics>();

export function cloudMetrics(deps: CloudDeps): CloudMetrics {
  let metrics = byDeps.get(deps);
  if (!metrics) {
    metrics = new CloudMetrics(deps);
    byDeps.set(deps, metrics);
  }
  return metrics;
}

/** Counts every request under the pattern of the route that answered it. */
export const countRequests: MiddlewareHandler<AppBindings> = async (c, next) => {
  const started = performance.now();
  c.var.deps.load.mark();
  await next();
  const handler = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  const route = handler?.path ?? 'unmatched';
  const metrics = cloudMetrics(c.var.deps);
  metrics.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
  metrics.duration.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
};
