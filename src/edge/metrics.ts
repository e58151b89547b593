import type { MiddlewareHandler } from 'hono';
import type { Registry } from 'prom-client';
import type { EdgeStatus } from './http.ts';

const commitBuckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1];

/**
 * The edge's Prometheus metrics. What happens per scan or per request only bumps a
 * number in a Map (the decision path stays as fast as it was); everything else is read
 * from the status at scrape time. prom-client is loaded on the first scrape, so a gate
 * nobody scrapes does not carry it (BENCHMARKS.md, edge memory).
 */
export class EdgeMetrics {
  private readonly decisions = new Map<string, number>();
  private readonly requests = new Map<string, number>();
  private readonly commitBucketCounts = commitBuckets.map(() => 0);
  private commitCount = 0;
  private commitSeconds = 0;
  private registry: Promise<Registry> | undefined;

  constructor(private readonly status: () => EdgeStatus) {}

  decision(lane: string, decision: string, reason: string): void {
    const key = `${lane}\u0000${decision}\u0000${reason}`;
    this.decisions.set(key, (this.decisions.get(key) ?? 0) + 1);
  }

  commit(seconds: number): void {
    this.commitCount++;
    this.commitSeconds += seconds;
    for (let i = 0; i < commitBuckets.length; i++)
      if (seconds <= commitBuckets[i]!) this.commitBucketCounts[i]!++;
  }

  readonly countRequests: MiddlewareHandler = async (c, next) => {
    await next();
    const key = `${c.req.method}\u0000${c.res.status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  };

  async render(): Promise<{ contentType: string; text: string }> {
    this.registry ??= this.build();
    const registry = await this.registry;
    return { contentType: registry.contentType, text: await registry.metrics() };
  }

  private async build(): Promise<Registry> {
    const client = await import('prom-client');
    const registry = new client.Registry();
    client.collectDefaultMetrics({ register: registry });
    const registers = [registry];
    const counts = (map: Map<string, number>, names: string[]) =>
      [...map].map(([key, n]) => ({
        labels: Object.fromEntries(key.split('\u0000').map((v, i) => [names[i], v])),
        n,
      }));
    const status = this.status;
    const metrics = this;
    new client.Counter({
      name: 'tixmo_edge_decisions_total',
      help: 'Scan decisions by lane, decision and reason',
      labelNames: ['lane', 'decision', 'reason'],
      registers,
      collect() {
        this.reset();
        for (const { labels, n } of counts(metrics.decisions, ['lane', 'decision', 'reason']))
          this.inc(labels, n);
      },
    });
    new client.Counter({
      name: 'tixmo_edge_http_requests_total',
      help: 'HTTP requests served by the edge (API, live page, handhelds, staff, probes)',
      labelNames: ['method', 'status'],
      registers,
      collect() {
        this.reset();
        for (const { labels, n } of counts(metrics.requests, ['method', 'status'])) this.inc(labels, n);
      },
    });
    registry.registerMetric({
      name: 'tixmo_edge_journal_commit_seconds',
      help: 'Time of each journal commit (group commit, fsync included)',
      type: 'histogram',
      get: async () => ({
        name: 'tixmo_edge_journal_commit_seconds',
        help: 'Time of each journal commit (group commit, fsync included)',
        type: 'histogram',
        aggregator: 'sum',
        values: [
          ...commitBuckets.map((le, i) => ({
            metricName: 'tixmo_edge_journal_commit_seconds_bucket',
            labels: { le },
            value: metrics.commitBucketCounts[i]!,
          })),
          {
            metricName: 'tixmo_edge_journal_commit_seconds_bucket',
            labels: { le: '+Inf' },
            value: metrics.commitCount,
          },
          { metricName: 'tixmo_edge_journal_commit_seconds_sum', labels: {}, value: metrics.commitSeconds },
          { metricName: 'tixmo_edge_journal_commit_seconds_count', labels: {}, value: metrics.commitCount },
        ],
      }),
    } as unknown as Parameters<Registry['registerMetric']>[0]);
    const gauge = (
      name: string,
      help: string,
      labelNames: string[],
      read: (set: (labels: Record<string, string>, v: number) => void) => void,
    ) =>
      new client.Gauge({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          read((labels, v) => this.set(labels, v));
        },
      });
    gauge('tixmo_edge_upload_backlog', 'Journal rows not yet acknowledged by the cloud', [], (set) =>
      set({}, status().upload.pending),
    );
    gauge(
      'tixmo_edge_journal_rows',
      'Journal rows committed since start, and commits they shared',
      ['what'],
      (set) => {
        const journal = status().journal;
        set({ what: 'rows' }, journal?.rows ?? 0);
        set({ what: 'commits' }, journal?.commits ?? 0);
      },
    );
    gauge('tixmo_edge_manifest_tickets', 'Tickets in the local manifest', [], (set) =>
      set({}, status().manifest.tickets),
    );
    gauge(
      'tixmo_edge_manifest_age_seconds',
      'Seconds since the manifest was last synced (-1: never)',
      [],
      (set) => {
        const syncedAt = status().manifest.syncedAt;
        set({}, syncedAt ? (Date.now() - Date.parse(syncedAt)) / 1000 : -1);
      },
    );
    gauge('tixmo_edge_peers', 'Peer edges of the venue, reachable or not', ['state'], (set) => {
      const peers = status().peers ?? [];
      set({ state: 'reachable' }, peers.filter((p) => p.reachable).length);
      set({ state: 'unreachable' }, peers.filter((p) => !p.reachable).length);
    });
    gauge('tixmo_edge_inside', 'People inside, per event', ['event'], (set) => {
      for (const e of status().events) set({ event: e.id }, e.inside);
    });
    gauge('tixmo_edge_devices', 'Lane devices by state', ['lane', 'type', 'state'], (set) => {
      const tally = new Map<string, number>();
      for (const lane of status().lanes)
        for (const d of lane.devices) {
          const key = `${lane.id}\u0000${d.type}\u0000${d.state}`;
          tally.set(key, (tally.get(key) ?? 0) + 1);
        }
      for (const { labels, n } of counts(tally, ['lane', 'type', 'state'])) set(labels, n);
    });
    return registry;
  }
}
